// The production server: Next.js for the console, with the AWS-compatible API
// (/api/aws) answered on Node's http before Next's router, for throughput.
// Usage: node server.mjs [--dev]   (PORT, HOSTNAME from the environment)
import http from "node:http";
import next from "next";
import { stampClientAddress, trustedProxies } from "./scripts/client-address.mjs";
import { guardServerAction } from "./scripts/request-guards.mjs";

const dev = process.argv.includes("--dev");
// Checked before anything starts: a malformed STRATUS_TRUSTED_PROXIES stops the server with its name.
const trust = trustedProxies();
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? "0.0.0.0";
const app = next({ dev, port, hostname: "localhost", dir: import.meta.dirname });
await app.prepare();
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
server.listen(port, hostname, () => console.log(`Stratus ready on http://localhost:${port}`));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)) && setTimeout(() => process.exit(0), 3000).unref());
