// Run by `npm start` while `next build` makes the console (through tsx, from
// the sources): the control plane boots as in server.mjs (database, first
// admin, reconciler) and the AWS API answers with the same handler; every
// other path answers that the console is building.
// Under npm start (STRATUS_HANDOFF=1) the listening socket comes from npm start
// and goes back to it when the build is done ({stratus: "handback"}); then this
// process exits, so only one process acts on the database at a time, and the
// port never closes. Run alone, it listens on PORT.
import http from "node:http";
import type net from "node:net";
import { bootServer } from "../lib/runtime";
import { handleAwsNode } from "../lib/aws-api/node-handler";
import { answerWhileBuilding } from "./building-page.mjs";
import { stampClientAddress, trustedProxies } from "./client-address.mjs";

const booting = bootServer(); // before any request, so the API's runtime() is this one
booting.catch((e: Error) => {
  process.stderr.write(`Stratus: the control plane could not start: ${e.message}\n`);
  process.exit(1);
});
// As in server.mjs: the API sees only the address Stratus believes; a malformed STRATUS_TRUSTED_PROXIES stops the start, named.
const trust = (() => {
  try {
    return trustedProxies();
  } catch (e) {
    process.stderr.write(`Stratus: ${(e as Error).message}\n`);
    process.exit(1);
  }
})();
const isAws = (url: string) => url === "/api/aws" || url.startsWith("/api/aws?") || url.startsWith("/api/aws/");

const server = http.createServer((req, res) => {
  stampClientAddress(req, trust);
  if (isAws(req.url ?? "")) return void booting.then(() => handleAwsNode(req, res), () => answerWhileBuilding(req, res, { apiServed: false }));
  answerWhileBuilding(req, res, { apiServed: true });
});
server.keepAliveTimeout = 5_000;
// A port in use: exit, and npm start reports it.
server.on("error", () => process.exit(1));

function stop(): void {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 3_000).unref();
}

if (process.env.STRATUS_HANDOFF === "1" && process.send) {
  process.on("message", (m: { stratus?: string }, handle?: net.Server) => {
    if (m?.stratus === "serve" && handle) server.listen(handle, () => process.send!({ stratus: "listening" }));
    if (m?.stratus === "handback") process.send!({ stratus: "socket" }, server as unknown as net.Server, stop);
  });
  process.send({ stratus: "started" });
} else {
  server.listen(Number(process.env.PORT ?? 3000), process.env.HOSTNAME_BIND ?? "0.0.0.0", () => process.send?.({ stratus: "listening" }));
}
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, stop);
