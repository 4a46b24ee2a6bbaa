// Who is calling a route that takes either a console session or an access
// key: the session cookie, or the key as HTTP Basic (curl -u KEY:SECRET).
import "server-only";
import crypto from "node:crypto";
import { getSession, ctxFor } from "../auth/request";
import { runtime } from "../runtime";
import { resolveAccessKey } from "../control-plane/identity/access-keys";
import { isRole } from "../auth/roles";
import type { Ctx } from "../control-plane/context";

export async function ctxFromRequest(req: Request): Promise<Ctx | null> {
  const auth = req.headers.get("authorization");
  if (auth?.startsWith("Basic ")) {
    const [id, secret] = Buffer.from(auth.slice(6), "base64").toString("utf8").split(":");
    if (!id || !secret) return null;
    const { db, clock } = await runtime();
    const k = await resolveAccessKey(db, id);
    if (!k || !k.active || !k.secret || !isRole(k.role)) return null;
    const a = Buffer.from(k.secret);
    const b = Buffer.from(secret);
    if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return null;
    return { actor: { kind: "user", id: k.user.id, email: k.user.email }, team: k.team, role: k.role, db, clock, sourceIp: req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? "", via: "api" };
  }
  const session = await getSession();
  return session ? ctxFor(session, "console") : null;
}
