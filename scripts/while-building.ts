// Run by `npm start` while `next build` makes the console (through tsx, from
// the sources): the control plane boots as in server.mjs (database, first
// admin, reconciler) and the AWS API answers on PORT with the same handler;
// every other path answers that the console is building. npm start stops this
// process (SIGTERM) before it starts server.mjs, so one process acts at a time.
import http from "node:http";
import { bootServer } from "../lib/runtime";
import { handleAwsNode } from "../lib/aws-api/node-handler";
import { answerWhileBuilding } from "./building-page.mjs";

const port = Number(process.env.PORT ?? 3000);
const booting = bootServer(); // before any request, so the API's runtime() is this one
booting.catch((e: Error) => {
  process.stderr.write(`Stratus: the control plane could not start: ${e.message}\n`);
  process.exit(1);
});
const isAws = (url: string) => url === "/api/aws" || url.startsWith("/api/aws?") || url.startsWith("/api/aws/");

const server = http.createServer((req, res) => {
  if (isAws(req.url ?? "")) return void booting.then(() => handleAwsNode(req, res), () => answerWhileBuilding(req, res, { apiServed: false }));
  answerWhileBuilding(req, res, { apiServed: true });
});
server.keepAliveTimeout = 5_000;
// A port in use: exit, and npm start reports it.
server.on("error", () => process.exit(1));
server.listen(port, process.env.HOSTNAME_BIND ?? "0.0.0.0", () => process.send?.({ stratus: "listening" }));

for (const sig of ["SIGINT", "SIGTERM"] as const)
  process.on(sig, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
