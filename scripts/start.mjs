#!/usr/bin/env node
// npm start: a short banner, then server.mjs (Next.js plus the AWS API) on PORT
// (default 3000). When the console is missing or its sources changed it is
// built first (next build, its output in the data directory's build.log);
// meanwhile the AWS API already answers (scripts/while-building.ts, through
// tsx) and every page says the console is building. The server creates and
// migrates the database and the first admin when it boots.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import { createRequire } from "node:module";
import path from "node:path";
import { serverNodeFlags } from "./server-flags.mjs";
import { needsBuild, recordBuild } from "./needs-build.mjs";
import { answerWhileBuilding } from "./building-page.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const require = createRequire(import.meta.url);
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const bind = process.env.HOSTNAME_BIND ?? "0.0.0.0";
const dataDir = path.resolve(process.env.STRATUS_DATA_DIR ?? "data");
const shown = (p) => {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
};
const env = { ...process.env, PORT: String(port), NODE_ENV: dev ? "development" : "production", NEXT_TELEMETRY_DISABLED: "1" };
const children = new Set();

function exitWith(code) {
  for (const c of children) c.kill("SIGTERM");
  process.exit(code);
}
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => exitWith(sig === "SIGINT" ? 130 : 143));

function run(args, options) {
  const child = spawn(process.execPath, args, { cwd: root, env, ...options });
  children.add(child);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => (children.delete(child), resolve(signal ? 1 : (code ?? 1)))));
  return { child, exited };
}

/** better-sqlite3 is a native module: say what to do when npm could neither download nor compile it. */
function checkSqlite() {
  try {
    const Database = require("better-sqlite3");
    new Database(":memory:").close();
  } catch (e) {
    console.error(`Stratus can't load better-sqlite3 (${String(e?.message ?? e).split("\n")[0]}).
npm install downloads a prebuilt binary for this platform, or compiles one where it can't,
which needs python3, make and g++ (Debian/Ubuntu: sudo apt-get install -y python3 make g++).
Then run: npm rebuild better-sqlite3`);
    process.exit(1);
  }
}

// While the console builds, one listening socket moves between processes and
// never closes, so no request is refused: npm start holds it (and answers that
// the console is building), lends it to the API process (while-building.ts),
// takes it back when the build is done, and hands it to server.mjs once that is
// ready. Connections are accepted by whichever process holds it.
const front = http.createServer((req, res) => {
  res.setHeader("connection", "close"); // no keep-alive to npm start itself
  answerWhileBuilding(req, res, { apiServed: false });
});

/** The port's listening socket, answered here until it is lent. */
function listenHere() {
  const socket = net.createServer();
  socket.on("connection", (c) => front.emit("connection", c));
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.listen(port, bind, () => resolve(socket));
  });
}

function portInUse(e) {
  console.error(e?.code === "EADDRINUSE" ? `Port ${port} is in use: stop what serves it, or set PORT to another.` : `Can't listen on port ${port}: ${e?.message ?? e}`);
  exitWith(1);
}

/** Sends the socket to a child, which answers {stratus: "listening"}; then this process stops accepting. */
function lend(child, socket, message) {
  return new Promise((resolve) => {
    const onMessage = (m) => {
      if (m?.stratus !== "listening") return;
      child.off("message", onMessage);
      socket.close();
      resolve();
    };
    child.on("message", onMessage);
    child.send({ stratus: message }, socket);
  });
}

/** The API while the console builds, from the sources through tsx (a dev dependency: without it, only the building answers). */
async function startApiWhileBuilding(socket) {
  let tsx;
  try {
    tsx = require.resolve("tsx");
  } catch {
    return null;
  }
  const { child, exited } = run([...serverNodeFlags(), "--import", tsx, path.join(root, "scripts", "while-building.ts")], { stdio: ["ignore", "inherit", "inherit", "ipc"], env: { ...env, STRATUS_HANDOFF: "1" } });
  const started = await new Promise((resolve) => {
    child.on("message", (m) => m?.stratus === "started" && resolve(true));
    exited.then(() => resolve(false));
  });
  if (!started) return null;
  await lend(child, socket, "serve");
  return { child, exited };
}

/** Takes the socket back from the API process, which then exits; a crashed one left no socket, so listen again. */
async function takeBack(api) {
  if (api.child.exitCode !== null || !api.child.connected) return listenHere().catch(portInUse);
  const socket = await new Promise((resolve) => {
    api.child.on("message", (m, handle) => m?.stratus === "socket" && resolve(handle));
    api.exited.then(() => resolve(null));
    api.child.send({ stratus: "handback" });
  });
  if (!socket) return listenHere().catch(portInUse);
  socket.on("connection", (c) => front.emit("connection", c));
  await api.exited;
  return socket;
}

async function build() {
  fs.mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(dataDir, "build.log");
  const out = fs.openSync(logFile, "w");
  const began = Date.now();
  let socket = await listenHere().catch(portInUse);
  const api = await startApiWhileBuilding(socket);
  console.log(`Building the console (first start, or its sources changed): a minute or two. Log: ${shown(logFile)}`);
  console.log(api ? `Meanwhile the AWS API answers at http://localhost:${port}/api/aws; pages say the console is building.` : `Meanwhile http://localhost:${port} says the console is building.`);
  const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
  // npm start builds to run, not to check types (see next.config.ts).
  const b = run([next, "build"], { stdio: ["ignore", out, out], env: { ...env, NODE_ENV: "production", STRATUS_BUILD_TYPECHECK: process.env.STRATUS_BUILD_TYPECHECK ?? "0" } });
  const status = await b.exited;
  fs.closeSync(out);
  if (status !== 0) {
    const tail = fs.readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-30).join("\n");
    console.error(`${tail}\n\nThe console could not be built (the whole log is in ${shown(logFile)}).`);
    exitWith(1);
  }
  recordBuild(root);
  console.log(`Console built in ${Math.round((Date.now() - began) / 1000)} s.`);
  if (api) socket = await takeBack(api);
  return socket;
}

console.log(`Stratus ${JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version} · data in ${shown(dataDir)}`);
checkSqlite();
const holder = !dev && process.env.STRATUS_SKIP_BUILD !== "1" && needsBuild(root) ? await build() : null;

const server = run([...serverNodeFlags(), path.join(root, "server.mjs"), ...(dev ? ["--dev"] : [])], { stdio: ["inherit", "inherit", "inherit", "ipc"], env: { ...env, STRATUS_HANDOFF: holder ? "1" : "0" } });
if (holder) server.child.on("message", (m) => m?.stratus === "ready" && lend(server.child, holder, "listen"));
server.exited.then((code) => exitWith(code));
