// What a server action returns: data, or an expected error a person can act on.
// Unexpected errors are logged and reported as a generic failure, never raw.
import "server-only";
import { isServiceError } from "../errors";
import { logger } from "../log";
import { getSession, ctxFor } from "../auth/request";
import type { Ctx } from "../control-plane/context";

export type ActionError = { code: string; message: string; field?: string };
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

export function failure(e: unknown): { ok: false; error: ActionError } {
  if (isServiceError(e)) return { ok: false, error: { code: e.code, message: e.message, field: e.field } };
  const ref = Math.random().toString(36).slice(2, 10);
  logger.error({ err: e, ref }, "server action failed");
  return { ok: false, error: { code: "InternalError", message: `Something went wrong on our side (reference ${ref}). Nothing was changed; try again.` } };
}

/** Runs `fn` with the session's ctx; no session → AuthFailure. */
export async function withCtx<T>(fn: (ctx: Ctx) => Promise<T>): Promise<ActionResult<T>> {
  try {
    const session = await getSession();
    if (!session) return { ok: false, error: { code: "AuthFailure", message: "Your session has ended. Sign in again." } };
    return { ok: true, data: await fn(await ctxFor(session)) };
  } catch (e) {
    return failure(e);
  }
}
