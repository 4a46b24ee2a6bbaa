// The AWS endpoint on Node's own http (the production server routes /api/aws
// here before Next.js, for throughput). Bodies over 1 MB are refused early.
import type { IncomingMessage, ServerResponse } from "node:http";
import { handleAws, MAX_BODY_BYTES, type AwsResponse } from "./handler";
import { ec2Error } from "./xml";
import { bare } from "../own";
import { CLIENT_IP_HEADER } from "../../scripts/client-address.mjs";

function send(res: ServerResponse, r: AwsResponse, startedAt?: bigint): void {
  // Server-Timing: how long the server worked on the request, for clients and benchmarks.
  const timing = startedAt === undefined ? {} : { "server-timing": `app;dur=${(Number(process.hrtime.bigint() - startedAt) / 1e6).toFixed(2)}` };
  res.writeHead(r.status, { ...r.headers, ...timing, "content-length": Buffer.byteLength(r.body) });
  res.end(r.body);
}

function tooLarge(res: ServerResponse): void {
  send(res, { status: 413, headers: { "content-type": "text/xml;charset=UTF-8", connection: "close" }, body: ec2Error("RequestEntityTooLarge", `The request body is over ${MAX_BODY_BYTES} bytes.`, "") });
}

export function handleAwsNode(req: IncomingMessage, res: ServerResponse): void {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    tooLarge(res);
    req.destroy();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let aborted = false;
  req.on("data", (c: Buffer) => {
    size += c.length;
    if (size > MAX_BODY_BYTES && !aborted) {
      aborted = true;
      tooLarge(res);
      req.destroy();
      return;
    }
    if (!aborted) chunks.push(c);
  });
  req.on("end", () => {
    if (aborted) return;
    const startedAt = process.hrtime.bigint();
    const url = new URL(req.url ?? "/", "http://local");
    const headers = bare<string>();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(",") : v;
    handleAws({ method: req.method ?? "GET", path: url.pathname, query: url.search.slice(1), headers, body: Buffer.concat(chunks), sourceIp: String(req.headers[CLIENT_IP_HEADER] ?? req.socket.remoteAddress ?? "") })
      .then((r) => send(res, r, startedAt))
      .catch(() => send(res, { status: 500, headers: { "content-type": "text/xml;charset=UTF-8" }, body: ec2Error("InternalError", "An internal error occurred.", "") }));
  });
  req.on("error", () => {
    if (!res.headersSent) res.destroy();
  });
}
