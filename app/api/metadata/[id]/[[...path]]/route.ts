// Instance metadata for the simulated cloud, one URL prefix per instance:
//   /api/metadata/<instance-id>/latest/meta-data/public-ipv4
// answering what the instance itself would get from http://169.254.169.254.
// Needs the team's session or an access key (curl -u KEY:SECRET, or SigV4).
import { authenticate } from "@/lib/http/authenticate";
import { instanceMeta } from "@/lib/control-plane/instances/metadata";
import { answer } from "@/lib/metadata/imds";
import { serverKey } from "@/lib/auth/secret-box";
import { isServiceError } from "@/lib/errors";
import { logger } from "@/lib/log";

export const dynamic = "force-dynamic";

async function serve(req: Request, params: Promise<{ id: string; path?: string[] }>) {
  const { id, path } = await params;
  try {
    const who = await authenticate(req);
    if ("refusal" in who) return new Response(`${who.refusal.message}\n`, { status: who.refusal.status, headers: { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Basic realm="stratus metadata"' } });
    const { ctx } = who;
    const meta = await instanceMeta(ctx.db, ctx.team.id, id);
    const trailing = new URL(req.url).pathname.endsWith("/") ? "/" : "";
    const r = answer(meta, { method: req.method, path: `/${(path ?? []).join("/")}${path?.length ? trailing : ""}`, header: (n) => req.headers.get(n) }, serverKey());
    const body = typeof r.body === "string" ? r.body : new Uint8Array(r.body);
    return new Response(req.method === "HEAD" ? null : body, { status: r.status, headers: { "content-type": r.contentType, "cache-control": "no-store", ...(r.headers ?? {}) } });
  } catch (e) {
    if (isServiceError(e)) return new Response("Not Found\n", { status: 404, headers: { "content-type": "text/plain" } });
    logger.error({ err: e }, "metadata failed");
    return new Response("Internal error\n", { status: 500 });
  }
}

export function GET(req: Request, { params }: { params: Promise<{ id: string; path?: string[] }> }) {
  return serve(req, params);
}
export function PUT(req: Request, { params }: { params: Promise<{ id: string; path?: string[] }> }) {
  return serve(req, params);
}
export function HEAD(req: Request, { params }: { params: Promise<{ id: string; path?: string[] }> }) {
  return serve(req, params);
}
