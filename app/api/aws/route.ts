// The AWS-compatible API (EC2 Query, Cost Explorer), for `next dev` and plain
// `next start`; the production server answers /api/aws before Next.js with the
// same handler (server.mjs).
import { handleAws, MAX_BODY_BYTES } from "@/lib/aws-api/handler";
import { ec2Error } from "@/lib/aws-api/xml";
import { bare } from "@/lib/own";
import { CLIENT_IP_HEADER } from "@/scripts/client-address.mjs";

export const dynamic = "force-dynamic";

async function serve(req: Request): Promise<Response> {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES)
    return new Response(ec2Error("RequestEntityTooLarge", `The request body is over ${MAX_BODY_BYTES} bytes.`, ""), { status: 413, headers: { "content-type": "text/xml;charset=UTF-8" } });
  const url = new URL(req.url);
  const headers = bare<string>();
  req.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
  const r = await handleAws({ method: req.method, path: url.pathname, query: url.search.slice(1), headers, body: Buffer.from(await req.arrayBuffer()), sourceIp: headers[CLIENT_IP_HEADER] ?? "" });
  return new Response(r.body, { status: r.status, headers: r.headers });
}

export const POST = serve;
export const GET = serve;
