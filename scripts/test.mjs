#!/usr/bin/env node
// npm test: every suite — unit and integration (vitest), then the console
// end to end (next build, then Playwright against next start), then real VMs
// when QEMU is installed. Ends with one line "N passed, N failed" summed over
// all suites.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const node = process.execPath;
const bin = (pkg, file) => path.join(root, "node_modules", pkg, file);
const out = path.join(root, "test-results");
fs.mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
const problems = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n━━ ${label} ━━`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  return r.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

// 1. unit + integration
const vitestJson = path.join(out, "vitest.json");
fs.rmSync(vitestJson, { force: true });
const vStatus = run("unit and integration tests (vitest)", node, [bin("vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
const v = readJson(vitestJson);
if (v) {
  passed += v.numPassedTests;
  failed += v.numFailedTests;
} else if (vStatus !== 0) problems.push("vitest did not report results");

// 2. end to end: a production build, then Playwright
const suites = (process.env.STRATUS_TEST_SUITES ?? "e2e").split(",");
if (suites.includes("e2e")) {
  console.log("\n━━ production build (next build) ━━");
  const b = spawnSync(node, [bin("next", "dist/bin/next"), "build"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  process.stdout.write(b.stdout ?? "");
  process.stderr.write(b.stderr ?? "");
  const bStatus = b.status ?? 1;
  // A newcomer reads bundler warnings as errors: the build must have none.
  if (/build encountered \d+ warnings?/.test(`${b.stdout}${b.stderr}`)) problems.push("next build printed warnings (see above)");
  if (bStatus !== 0) {
    problems.push("next build failed");
  } else {
    const e2eJson = path.join(out, "e2e.json");
    fs.rmSync(e2eJson, { force: true });
    run("end-to-end tests (Playwright)", node, [bin("@playwright/test", "cli.js"), "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson });
    const p = readJson(e2eJson);
    if (p?.stats) {
      passed += p.stats.expected + (p.stats.flaky ?? 0);
      failed += p.stats.unexpected;
    } else problems.push("Playwright did not report results");
  }
}

// 3. real VMs (QEMU), in their own suite: run where QEMU is installed (CI installs it).
const have = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
if (suites.includes("e2e") && !problems.includes("next build failed")) {
  if (have("qemu-system-x86_64") && have("busybox") && have("cpio")) {
    const vmJson = path.join(out, "e2e-vm.json");
    fs.rmSync(vmJson, { force: true });
    run("real VMs (Playwright, QEMU)", node, [bin("@playwright/test", "cli.js"), "test", "-c", "playwright.vm.config.ts", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: vmJson });
    const p = readJson(vmJson);
    if (p?.stats) {
      passed += p.stats.expected + (p.stats.flaky ?? 0);
      failed += p.stats.unexpected;
    } else problems.push("the real-VM suite did not report results");
  } else {
    console.log("\n━━ real VMs: skipped (needs qemu-system-x86_64, busybox and cpio: sudo apt-get install -y qemu-system-x86 busybox-static cpio) ━━");
  }
}

for (const p of problems) {
  console.log(`problem: ${p}`);
  failed += 1;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
