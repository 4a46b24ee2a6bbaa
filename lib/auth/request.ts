// The session and ctx of the current request (pages, server actions, route
// handlers). The team always comes from the session, never from the client.
import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { runtime } from "../runtime";
import { readSession, SESSION_COOKIE, type SessionInfo } from "./sessions";
import type { Ctx } from "../control-plane/context";
import { CLIENT_IP_HEADER } from "../../scripts/client-address.mjs";

/** The client's address as server.mjs determined it (X-Forwarded-For only from STRATUS_TRUSTED_PROXIES). */
export async function clientIp(): Promise<string> {
  return (await headers()).get(CLIENT_IP_HEADER) || "unknown";
}

export const getSession = cache(async (): Promise<SessionInfo | null> => {
  const { db } = await runtime();
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return readSession(db, token);
});

export async function ctxFor(session: SessionInfo, via: Ctx["via"] = "console"): Promise<Ctx> {
  const { db, clock } = await runtime();
  return { actor: { kind: "user", id: session.user.id, email: session.user.email }, team: session.team, role: session.role, db, clock, sourceIp: await clientIp(), via, sessionId: session.sessionId };
}

/** For pages: the ctx, or a redirect to sign in. */
export async function requireCtx(): Promise<Ctx> {
  const session = await getSession();
  if (!session) redirect("/sign-in");
  return ctxFor(session);
}
