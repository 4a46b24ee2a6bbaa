// npm run bench -- install: what a new user waits for, following the README.
// A clean clone of this checkout's HEAD in a temp directory; `npm ci` (with an
// empty npm cache, as on a new machine, unless BENCH_NPM_CACHE=warm); then
// `npm start` with a fresh data directory: seconds until anything answers,
// until the AWS API answers a signed request, until the console's sign-in page
// answers, how many requests were refused on the way, and how long the API
// answered 503 while server.mjs took over; then a second start,
// which must not build again. Only when named: it takes minutes.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EC2Client, DescribeRegionsCommand } from "@aws-sdk/client-ec2";

const KEY = { accessKeyId: "AKIASTRATUSBENCHINST", secretAccessKey: "benchInstallSecretAccessKey/0123456789ab" };
const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** The environment of a user's shell: without what npm run bench sets for the other sections. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, ...extra };
  for (const k of ["NODE_ENV", "STRATUS_LOG_LEVEL", "STRATUS_PUBLIC_POOL"]) delete env[k];
  return env as NodeJS.ProcessEnv;
}

async function timed(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; code: number; tail: string }> {
  const began = Date.now();
  const p = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  p.stdout.on("data", (d) => (out = (out + d).slice(-4000)));
  p.stderr.on("data", (d) => (out = (out + d).slice(-4000)));
  const code = await new Promise<number>((r) => p.once("exit", (c) => r(c ?? 1)));
  return { ms: Date.now() - began, code, tail: out };
}

interface Start {
  firstAnswerS: number | null;
  apiS: number | null;
  consoleS: number | null;
  /** connections refused after the port first answered */
  refused: number;
  /** the longest time the API answered 503 after it first answered (the switch to server.mjs) */
  apiLongestGapS: number;
  built: boolean;
  output: string;
}

async function start(dir: string, port: number, dataDir: string): Promise<Start> {
  const began = Date.now();
  const proc: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: dir,
    env: userEnv({ PORT: String(port), STRATUS_DATA_DIR: dataDir, STRATUS_ADMIN_ACCESS_KEY_ID: KEY.accessKeyId, STRATUS_ADMIN_SECRET_ACCESS_KEY: KEY.secretAccessKey }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.stdout!.on("data", (d) => (output += d));
  proc.stderr!.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const ec2 = new EC2Client({ region: "us-east-1", endpoint: `${base}/api/aws`, credentials: KEY, maxAttempts: 1 });
  const r: Start = { firstAnswerS: null, apiS: null, consoleS: null, refused: 0, apiLongestGapS: 0, built: false, output: "" };
  const deadline = Date.now() + 15 * 60_000;
  let apiDownSince: number | null = null;
  while (r.consoleS === null && Date.now() < deadline && proc.exitCode === null) {
    const at = seconds(Date.now() - began);
    const page = await fetch(`${base}/sign-in`).then((x) => x.status, () => 0);
    if (page === 0 && r.firstAnswerS !== null) r.refused++;
    if (page !== 0) r.firstAnswerS ??= at;
    if (page === 200) r.consoleS = at;
    if (page !== 0) {
      const ok = await ec2.send(new DescribeRegionsCommand({})).then(() => true, () => false);
      if (ok) {
        r.apiS ??= at;
        if (apiDownSince !== null) r.apiLongestGapS = Math.max(r.apiLongestGapS, seconds(Date.now() - apiDownSince));
        apiDownSince = null;
      } else if (r.apiS !== null) apiDownSince ??= Date.now();
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  const exited = new Promise((res) => proc.once("exit", res));
  proc.kill("SIGTERM");
  await exited;
  r.output = output.replace(/Password: \S+/, "Password: …");
  r.built = /Building the console/.test(output);
  return r;
}

export async function installBench() {
  const root = path.resolve(".");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-install-"));
  const dir = path.join(tmp, "stratus");
  const port = 3295 + Number(process.env.BENCH_PORT_OFFSET ?? 0);
  try {
    const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).stdout.trim();
    spawnSync("git", ["clone", "--quiet", root, dir], { stdio: "inherit" });
    const warm = process.env.BENCH_NPM_CACHE === "warm";
    const env = userEnv(warm ? {} : { npm_config_cache: path.join(tmp, "npm-cache") });
    const ci = await timed("npm", ["ci", "--no-audit", "--no-fund"], dir, env);
    if (ci.code !== 0) return { commit: head, error: `npm ci failed:\n${ci.tail}` };
    const compiled = fs.existsSync(path.join(dir, "node_modules/better-sqlite3/build/Release/obj.target"));
    const first = await start(dir, port, path.join(tmp, "data"));
    const second = await start(dir, port, path.join(tmp, "data"));
    return {
      commit: head,
      npmCache: warm ? "warm" : "empty",
      npmCiS: seconds(ci.ms),
      betterSqlite3: compiled ? "compiled from source (no prebuilt binary could be downloaded)" : "prebuilt binary",
      firstStart: { firstAnswerS: first.firstAnswerS, apiAnswersS: first.apiS, consoleAnswersS: first.consoleS, refusedRequests: first.refused, apiLongest503S: first.apiLongestGapS, built: first.built },
      secondStart: { apiAnswersS: second.apiS, consoleAnswersS: second.consoleS, refusedRequests: second.refused, built: second.built },
      installPlusFirstStartS: first.consoleS === null ? null : seconds(ci.ms) + first.consoleS,
      firstStartOutput: first.output.split("\n").slice(0, 20),
      targets: { secondStartBuilds: false, refusedRequestsAfterFirstAnswer: 0 },
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
