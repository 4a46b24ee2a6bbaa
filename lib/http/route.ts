// Console JSON route handlers: the session's ctx in, JSON out, errors as
// { error: { code, message } } with a fitting status. Never a stack trace.
import "server-only";
import { getSession, ctxFor } from "../auth/request";
import { isServiceError } from "../errors";
import { logger } from "../log";
import type { Ctx } from "../control-plane/context";
import { authenticate } from "./authenticate";

export function statusFor(code: string): number {
  if (code.endsWith(".NotFound") || code === "ResourceNotFound") return 404;
  if (code === "UnauthorizedOperation") return 403;
  if (code === "AuthFailure") return 401;
  if (code === "Throttling") return 429;
  return 400;
}

/** Content-Disposition for a download. The name is built from what the client asked for, so it keeps only letters, digits, . _ and - (a newline would break the header, and the response). */
export function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 150)}"`;
}

export function errorResponse(e: unknown): Response {
  if (isServiceError(e)) return Response.json({ error: { code: e.code, message: e.message, field: e.field } }, { status: statusFor(e.code) });
  const ref = Math.random().toString(36).slice(2, 10);
  logger.error({ err: e, ref }, "route failed");
  return Response.json({ error: { code: "InternalError", message: `Something went wrong on our side (reference ${ref}).` } }, { status: 500 });
}

export async function withSessionCtx(fn: (ctx: Ctx) => Promise<Response | unknown>): Promise<Response> {
  try {
    const session = await getSession();
    if (!session) return Response.json({ error: { code: "AuthFailure", message: "Sign in first." } }, { status: 401 });
    const out = await fn(await ctxFor(session));
    return out instanceof Response ? out : Response.json(out, { headers: { "cache-control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}

/** Like withSessionCtx, for routes that also take an access key (HTTP Basic or SigV4). */
export async function withRequestCtx(req: Request, fn: (ctx: Ctx) => Promise<Response | unknown>): Promise<Response> {
  try {
    const who = await authenticate(req);
    if ("refusal" in who) return Response.json({ error: { code: who.refusal.code, message: who.refusal.message } }, { status: who.refusal.status });
    const out = await fn(who.ctx);
    return out instanceof Response ? out : Response.json(out, { headers: { "cache-control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}
