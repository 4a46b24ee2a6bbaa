// Who is calling a route that takes either a console session or an access
// key: the session cookie, the key as HTTP Basic (curl -u KEY:SECRET), or a
// request signed with it (AWS Signature Version 4, as the SDKs sign).
import "server-only";
import crypto from "node:crypto";
import { getSession, ctxFor } from "../auth/request";
import { runtime } from "../runtime";
import { recordKeyUse, resolveAccessKey } from "../control-plane/identity/access-keys";
import { isRole } from "../auth/roles";
import type { Ctx } from "../control-plane/context";
import { parseAuthorization, verifySignature } from "../aws-api/sigv4";
import { bare } from "../own";
import { CLIENT_IP_HEADER } from "../../scripts/client-address.mjs";

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
    await recordKeyUse(db, k.key);
    return { actor: { kind: "user", id: k.user.id, email: k.user.email }, team: k.team, role: k.role, db, clock, sourceIp: req.headers.get(CLIENT_IP_HEADER) ?? "", via: "api" };
  }
  if (auth?.startsWith("AWS4-HMAC-SHA256")) {
    const headers = bare<string>();
    req.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
    const parsed = parseAuthorization(headers);
    if ("code" in parsed) return null;
    const { db, clock } = await runtime();
    const k = await resolveAccessKey(db, parsed.accessKeyId);
    if (!k || !k.active || !k.secret || !isRole(k.role)) return null;
    const url = new URL(req.url);
    const body = Buffer.from(await req.arrayBuffer());
    const problem = await verifySignature({ method: req.method, path: url.pathname, query: url.search.slice(1), headers, body }, parsed, k.secret);
    if (problem) return null;
    await recordKeyUse(db, k.key);
    return { actor: { kind: "user", id: k.user.id, email: k.user.email }, team: k.team, role: k.role, db, clock, sourceIp: req.headers.get(CLIENT_IP_HEADER) ?? "", via: "api" };
  }
  const session = await getSession();
  return session ? ctxFor(session, "console") : null;
}
