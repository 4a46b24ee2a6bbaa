#!/usr/bin/env node
// npm start: builds the console on first start (or after the sources changed),
// then serves it with server.mjs (Next.js, plus the AWS API) on PORT (default 3000). The server itself
// creates and migrates the database and the first admin when it boots.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { serverNodeFlags } from "./server-flags.mjs";
import { needsBuild } from "./needs-build.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";

if (!dev && (process.env.STRATUS_SKIP_BUILD !== "1") && needsBuild(root)) {
  console.log("Stratus: building the console (first start, or the sources changed)…");
  const r = spawnSync(process.execPath, [next, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = spawn(process.execPath, [...serverNodeFlags(), path.join(root, "server.mjs"), ...(dev ? ["--dev"] : [])], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PORT: port, NODE_ENV: dev ? "development" : "production", NEXT_TELEMETRY_DISABLED: "1" },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
