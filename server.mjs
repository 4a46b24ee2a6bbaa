// The production server: Next.js for the console, with the AWS-compatible API
// (/api/aws) answered on Node's http before Next's router, for throughput.
// Usage: node server.mjs [--dev]   (PORT, HOSTNAME_BIND from the environment)
// Under npm start after a build (STRATUS_HANDOFF=1, with an IPC channel), it
// prepares, says "ready" and is handed npm start's listening socket: the port
// never closes during the switch, so no request is refused.
import http from "node:http";
import path from "node:path";
import next from "next";
import { stampClientAddress, trustedProxies } from "./scripts/client-address.mjs";
import { guardServerAction } from "./scripts/request-guards.mjs";

const dev = process.argv.includes("--dev");
// Checked before anything starts: a malformed STRATUS_TRUSTED_PROXIES stops the server with its name.
const trust = (() => {
  try {
    return trustedProxies();
  } catch (e) {
    console.error(`Stratus: ${e.message}`);
    process.exit(1);
  }
})();
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? "0.0.0.0";

// Next prints how long loading its config took on every start: noise here.
const log = console.log;
console.log = (...args) => (/Running next\.config/.test(String(args[0])) ? undefined : log(...args));
const app = next({ dev, port, hostname: "localhost", dir: import.meta.dirname });
await app.prepare();
console.log = log;
const handle = app.getRequestHandler();

const isAws = (url) => url === "/api/aws" || url.startsWith("/api/aws?") || url.startsWith("/api/aws/");

const server = http.createServer((req, res) => {
  // Every request carries the address Stratus believes (never one the client chose).
  stampClientAddress(req, trust);
  // Cross-origin and oversized server actions: a 403 or 413, not Next's 500.
  if (guardServerAction(req, res)) return;
  const aws = globalThis.__stratusAwsNode;
  if (aws && req.url && isAws(req.url)) return aws(req, res);
  handle(req, res);
});
server.keepAliveTimeout = 65_000;
server.on("error", (e) => {
  console.error(e.code === "EADDRINUSE" ? `Port ${port} is in use: stop what serves it, or set PORT to another.` : `Can't listen on port ${port}: ${e.message}`);
  process.exit(1);
});

const logs = process.env.STRATUS_LOG === "json" ? "logs on stdout" : `logs in ${shown(process.env.STRATUS_LOG_FILE || path.join(process.env.STRATUS_DATA_DIR ?? "data", "stratus.log"))}`;
const listening = () => {
  console.log(`Stratus ready on http://localhost:${port} (${logs})`);
  if (process.connected) process.send({ stratus: "listening" }, () => process.disconnect());
};
if (process.env.STRATUS_HANDOFF === "1" && process.send) {
  // npm start holds the listening socket and hands it over once this server is ready.
  process.on("message", (m, handle) => m?.stratus === "listen" && handle && server.listen(handle, listening));
  process.send({ stratus: "ready" });
} else server.listen(port, hostname, listening);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)) && setTimeout(() => process.exit(0), 3000).unref());

/** A path as a person would type it from here. */
function shown(p) {
  const rel = path.relative(process.cwd(), path.resolve(p));
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : path.resolve(p);
}
