// The README is a contract: each snippet marked runnable (```sh runnable, or
// <!-- runnable --> before the block) runs, in README order, with bash -euo
// pipefail against a fresh server started as `node server.mjs` with default
// settings (its own data directory, demo instances, the admin
// admin@stratus.local), from the checkout, with a scratch HOME and AWS CLI
// config. Placeholders are replaced: http://localhost:3000 by this server,
// ACCESS_KEY_ID and SECRET_ACCESS_KEY by the admin's access key
// (STRATUS_ADMIN_ACCESS_KEY_ID). `aws` is /usr/bin/aws (AWS_CLI). Requests
// for anywhere but the loopback go to a closed proxy port and fail.
import { test, expect } from "@playwright/test";
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { runnableSnippets, substitute } from "../scripts/readme-snippets";
import { serverNodeFlags } from "../scripts/server-flags.mjs";

const run = promisify(execFile);
const root = path.resolve(".");
const AWS = process.env.AWS_CLI ?? "/usr/bin/aws";
const KEY = { accessKeyId: "AKIASTRATUSREADME001", secretAccessKey: "readmeSecretAccessKeyForTheDocTest/01234" };
const snippets = runnableSnippets(fs.readFileSync(path.join(root, "README.md"), "utf8"));
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-readme-"));
const dataDir = path.join(scratch, "data");
const home = path.join(scratch, "home");
const bin = path.join(scratch, "bin");
let server: ChildProcess | null = null;
let url = "";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(bin, { recursive: true });
  fs.symlinkSync(AWS, path.join(bin, "aws"));
  const port = Number(process.env.E2E_DOC_PORT) || (await freePort());
  url = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [...serverNodeFlags(), "server.mjs"], {
    cwd: root,
    stdio: "ignore",
    env: { ...process.env, PORT: String(port), NODE_ENV: "production", STRATUS_DATA_DIR: dataDir, STRATUS_ADMIN_ACCESS_KEY_ID: KEY.accessKeyId, STRATUS_ADMIN_SECRET_ACCESS_KEY: KEY.secretAccessKey, NEXT_TELEMETRY_DISABLED: "1" },
  });
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the README's server did not start");
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const gone = new Promise((r) => server!.once("exit", r));
    server.kill("SIGTERM");
    await gone;
  }
  fs.rmSync(scratch, { recursive: true, force: true });
});

test("the README has runnable snippets", () => {
  expect(snippets.length).toBeGreaterThanOrEqual(4);
});

for (const s of snippets) {
  const first = s.code.split("\n").find((l) => l.trim() && !l.trim().startsWith("#")) ?? "";
  test(`README line ${s.line}: ${first.slice(0, 70)}`, async () => {
    test.setTimeout(120_000);
    const script = `set -euo pipefail\n${substitute(s.code, { url, ...KEY })}\n`;
    const env = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      HOME: home,
      STRATUS_DATA_DIR: dataDir,
      AWS_CONFIG_FILE: path.join(home, ".aws", "config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, ".aws", "credentials"),
      AWS_PAGER: "",
      AWS_MAX_ATTEMPTS: "1",
      // Nothing leaves this machine: a request for anywhere but the loopback meets a closed proxy port.
      HTTP_PROXY: "http://127.0.0.1:9",
      HTTPS_PROXY: "http://127.0.0.1:9",
      http_proxy: "http://127.0.0.1:9",
      https_proxy: "http://127.0.0.1:9",
      NO_PROXY: "127.0.0.1,localhost",
      no_proxy: "127.0.0.1,localhost",
    };
    const r = await run("bash", ["-c", script], { cwd: root, env, maxBuffer: 32 * 1024 * 1024 }).then(
      (o) => ({ code: 0, ...o }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" }),
    );
    expect(r.code, `README line ${s.line} failed:\n${script}\n--- stdout\n${r.stdout.slice(-3000)}\n--- stderr\n${r.stderr.slice(-3000)}`).toBe(0);
  });
}
