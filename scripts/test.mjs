#!/usr/bin/env node
// npm test: every suite — unit and integration (vitest, on SQLite), the
// integration suite again on PostgreSQL when one answers, then the console
// end to end (next build, then Playwright against next start), three replicas
// on one PostgreSQL, then real VMs when QEMU is installed. Ends with one line
// "N passed, N failed" summed over all suites.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

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
const vStatus = run("unit and integration tests (vitest, SQLite)", node, [bin("vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`], { STRATUS_TEST_DATABASE: "sqlite" });
const v = readJson(vitestJson);
if (v) {
  passed += v.numPassedTests;
  failed += v.numFailedTests;
} else if (vStatus !== 0) problems.push("vitest did not report results");

// 1b. PostgreSQL: the test files that switch on STRATUS_TEST_DATABASE (testWorld, runtimeDatabase,
// testDialect) run again, each test world a fresh database on STRATUS_TEST_PG_URL.
// Without a server at the default URL the pass is skipped (a developer's machine);
// a URL given explicitly (CI) must answer.
const pgGiven = Boolean(process.env.STRATUS_TEST_PG_URL);
const pgUrl = process.env.STRATUS_TEST_PG_URL || "postgres://stratus:stratus@127.0.0.1:5432/postgres";
const pgShown = pgUrl.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
const pgDown = await pgProblem(pgUrl);
if (pgDown) {
  if (pgGiven) problems.push(`PostgreSQL does not answer at STRATUS_TEST_PG_URL (${pgShown}): ${pgDown}`);
  else console.log(`\n━━ PostgreSQL pass skipped: no PostgreSQL at ${pgShown} (${pgDown}); set STRATUS_TEST_PG_URL to use one ━━`);
} else {
  const files = dialectAwareTests();
  const pgJson = path.join(out, "vitest-postgres.json");
  fs.rmSync(pgJson, { force: true });
  const status = run(`integration tests on PostgreSQL (vitest, ${files.length} files, ${pgShown})`, node, [bin("vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${pgJson}`, ...files], {
    STRATUS_TEST_DATABASE: "postgres",
    STRATUS_TEST_PG_URL: pgUrl,
  });
  const r = readJson(pgJson);
  if (r) {
    passed += r.numPassedTests;
    failed += r.numFailedTests;
  } else if (status !== 0) problems.push("vitest on PostgreSQL did not report results");
}

// 2. end to end: a production build, then Playwright: the console (e2e/), three
// replicas on PostgreSQL (e2e-cluster/), real VMs (e2e-vm/). STRATUS_TEST_SUITES=cluster
// runs the build and the replicas suite only.
const suites = (process.env.STRATUS_TEST_SUITES ?? "e2e").split(",");
const wantE2e = suites.includes("e2e");
const wantCluster = wantE2e || suites.includes("cluster");

/** Runs one Playwright suite and counts its results. */
function playwright(label, args, json, env = {}) {
  const file = path.join(out, json);
  fs.rmSync(file, { force: true });
  run(label, node, [bin("@playwright/test", "cli.js"), "test", ...args, "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: file, ...env });
  const p = readJson(file);
  if (p?.stats) {
    passed += p.stats.expected + (p.stats.flaky ?? 0);
    failed += p.stats.unexpected;
  } else problems.push(`${label} did not report results`);
}

let built = false;
if (wantE2e || wantCluster) {
  console.log("\n━━ production build (next build) ━━");
  const b = spawnSync(node, [bin("next", "dist/bin/next"), "build"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  process.stdout.write(b.stdout ?? "");
  process.stderr.write(b.stderr ?? "");
  // A newcomer reads bundler warnings as errors: the build must have none.
  if (/build encountered \d+ warnings?/.test(`${b.stdout}${b.stderr}`)) problems.push("next build printed warnings (see above)");
  built = (b.status ?? 1) === 0;
  if (!built) problems.push("next build failed");
}
if (built && wantE2e) playwright("end-to-end tests (Playwright)", [], "e2e.json");
if (built && wantCluster) {
  if (pgDown) console.log(`\n━━ replicas on PostgreSQL: skipped (no PostgreSQL at ${pgShown}) ━━`);
  else playwright("three replicas on PostgreSQL (Playwright)", ["-c", "playwright.cluster.config.ts"], "e2e-cluster.json", { STRATUS_TEST_PG_URL: pgUrl });
}

// 3. real VMs (QEMU), in their own suite: run where QEMU is installed (CI installs it).
const have = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
if (built && wantE2e) {
  if (have("qemu-system-x86_64") && have("busybox") && have("cpio")) playwright("real VMs (Playwright, QEMU)", ["-c", "playwright.vm.config.ts"], "e2e-vm.json");
  else console.log("\n━━ real VMs: skipped (needs qemu-system-x86_64, busybox and cpio: sudo apt-get install -y qemu-system-x86 busybox-static cpio) ━━");
}

/** Why PostgreSQL does not answer at url, or null when it does. */
async function pgProblem(url) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return null;
  } catch (e) {
    return String(e?.message || e?.code || e).split("\n")[0];
  } finally {
    await c.end().catch(() => {});
  }
}

/** Test files that follow STRATUS_TEST_DATABASE; the others pin SQLite (a file of their own) or use no database. */
function dialectAwareTests() {
  const found = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== "node_modules" && e.name !== "generated") walk(rel);
      } else if (/\.test\.ts$/.test(e.name) && /\b(testWorld|testDialect|runtimeDatabase)\b/.test(fs.readFileSync(path.join(root, rel), "utf8"))) found.push(rel);
    }
  };
  for (const dir of ["lib", "app", "scripts"]) walk(dir);
  return found.sort();
}

for (const p of problems) {
  console.log(`problem: ${p}`);
  failed += 1;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
