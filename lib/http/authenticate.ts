// Who is calling a route that takes either a console session or an access
// key: the session cookie, the key as HTTP Basic (curl -u KEY:SECRET), or a
// request signed with it (AWS Signature Version 4, as the SDKs sign).
import "server-only";
import crypto from "node:crypto";
import { getSession, ctxFor } from "../auth/request";
import { runtime } from "../runtime";
import { credentialsFor } from "../aws-api/credentials";
import { recordKeyUse } from "../control-plane/identity/access-keys";
import { isRole } from "../auth/roles";
import type { Ctx } from "../control-plane/context";
import { parseAuthorization, verifySignature } from "../aws-api/sigv4";
import { keyScheme, SIGN_IN_OR_KEY } from "./key-auth";
import { bare } from "../own";
import { CLIENT_IP_HEADER } from "../../scripts/client-address.mjs";

export interface AuthRefusal {
  code: string;
  message: string;
  status: number;
}

export type Authenticated = { ctx: Ctx } | { refusal: AuthRefusal };

const UNKNOWN_KEY: AuthRefusal = { code: "AuthFailure", message: "The access key ID or secret is not valid.", status: 401 };
const INACTIVE_KEY: AuthRefusal = { code: "AuthFailure", message: "The access key is inactive, or its user is no longer a member of the team.", status: 401 };
const NO_CREDENTIALS: AuthRefusal = { code: "AuthFailure", message: SIGN_IN_OR_KEY, status: 401 };

function sameSecret(expected: string, given: string): boolean {
  const a = crypto.createHash("sha256").update(expected).digest();
  const b = crypto.createHash("sha256").update(given).digest();
  return crypto.timingSafeEqual(a, b);
}

/** The address server.mjs believes (see scripts/client-address.mjs), never one the client chose. */
function sourceIp(req: Request): string {
  return req.headers.get(CLIENT_IP_HEADER) ?? "";
}

/** The caller's ctx, or why they are refused (a key that doesn't check out never falls back to the session). */
export async function authenticate(req: Request): Promise<Authenticated> {
  const auth = req.headers.get("authorization");
  const scheme = keyScheme(auth);
  if (scheme === "basic") {
    const decoded = Buffer.from(auth!.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon <= 0) return { refusal: { code: "AuthFailure", message: "HTTP Basic credentials must be ACCESS_KEY_ID:SECRET_ACCESS_KEY.", status: 401 } };
    const id = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    const { db, clock } = await runtime();
    const k = await credentialsFor(db, id);
    if (!k) return { refusal: UNKNOWN_KEY };
    if (!k.active || !k.secret || !isRole(k.role)) return { refusal: INACTIVE_KEY };
    if (!sameSecret(k.secret, secret)) return { refusal: UNKNOWN_KEY };
    await recordKeyUse(db, k.key);
    return { ctx: { actor: { kind: "user", id: k.user.id, email: k.user.email }, team: k.team, role: k.role, db, clock, sourceIp: sourceIp(req), via: "api" } };
  }
  if (scheme === "sigv4") {
    const headers = bare<string>();
    req.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
    const parsed = parseAuthorization(headers);
    if ("code" in parsed) return { refusal: parsed };
    const { db, clock } = await runtime();
    const k = await credentialsFor(db, parsed.accessKeyId);
    if (!k) return { refusal: UNKNOWN_KEY };
    if (!k.active || !k.secret || !isRole(k.role)) return { refusal: INACTIVE_KEY };
    const url = new URL(req.url);
    const body = Buffer.from(await req.arrayBuffer());
    const problem = await verifySignature({ method: req.method, path: url.pathname, query: url.search.slice(1), headers, body }, parsed, k.secret);
    if (problem) return { refusal: problem };
    await recordKeyUse(db, k.key);
    return { ctx: { actor: { kind: "user", id: k.user.id, email: k.user.email }, team: k.team, role: k.role, db, clock, sourceIp: sourceIp(req), via: "api" } };
  }
  const session = await getSession();
  return session ? { ctx: await ctxFor(session, "console") } : { refusal: NO_CREDENTIALS };
}

/** The caller's ctx, or null when there is none that checks out. */
export async function ctxFromRequest(req: Request): Promise<Ctx | null> {
  const r = await authenticate(req);
  return "ctx" in r ? r.ctx : null;
}
