// Instance metadata for the simulated cloud, one URL prefix per instance:
//   /api/metadata/<instance-id>/latest/meta-data/public-ipv4
// answering what the instance itself would get from http://169.254.169.254.
// Needs the team's session or an access key (curl -u KEY:SECRET).
import { ctxFromRequest } from "@/lib/http/authenticate";
import { instanceMeta } from "@/lib/control-plane/instances/metadata";
import { answer } from "@/lib/metadata/imds";
import { serverKey } from "@/lib/auth/secret-box";
import { isServiceError } from "@/lib/errors";
import { logger } from "@/lib/log";

export const dynamic = "force-dynamic";

async function serve(req: Request, params: Promise<{ id: string; path?: string[] }>) {
  const { id, path } = await params;
  const ctx = await ctxFromRequest(req);
  if (!ctx) return new Response("Sign in, or pass an access key (curl -u KEY:SECRET).\n", { status: 401, headers: { "www-authenticate": 'Basic realm="stratus metadata"' } });
  try {
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
