// Sessions: an httpOnly cookie holding a random token; the database keeps its
// hash. Session lifetimes follow the wall clock, never the simulated one.
import type { Db, Tx } from "../db";
import { housekeeping } from "../control-plane/audit";
import { hashToken, newToken } from "./tokens";
import { isRole, type Role } from "./roles";

export const SESSION_COOKIE = "stratus_session";
export const SESSION_DAYS = 7;
const IDLE_HOURS = 24;

export interface SessionInfo {
  sessionId: string;
  user: { id: string; email: string; name: string };
  team: { id: string; name: string };
  role: Role;
  expiresAt: Date;
}

/** A new session, in the caller's audited transaction (sign-in, accepting an invitation). */
export async function createSession(db: Tx, userId: string, teamId: string, ip: string): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await db.session.create({ data: { id: hashToken(token), userId, teamId, createdAt: now, expiresAt, lastSeenAt: now, ip: ip.slice(0, 64) } });
  return { token, expiresAt };
}

/** The session behind a cookie token, or null (unknown, expired, idle too long, or no longer a member). */
export async function readSession(db: Db, token: string | undefined): Promise<SessionInfo | null> {
  if (!token || token.length > 100) return null;
  const id = hashToken(token);
  const s = await db.session.findUnique({ where: { id }, include: { user: { select: { id: true, email: true, name: true } } } });
  if (!s) return null;
  const now = new Date();
  if (s.expiresAt <= now || now.getTime() - s.lastSeenAt.getTime() > IDLE_HOURS * 3_600_000) {
    await housekeeping(db, (tx) => tx.session.deleteMany({ where: { id } }));
    return null;
  }
  const m = await db.membership.findUnique({ where: { userId_teamId: { userId: s.userId, teamId: s.teamId } }, include: { team: { select: { id: true, name: true } } } });
  if (!m || !isRole(m.role)) return null;
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) await housekeeping(db, (tx) => tx.session.updateMany({ where: { id }, data: { lastSeenAt: now } }));
  return { sessionId: id, user: s.user, team: m.team, role: m.role, expiresAt: s.expiresAt };
}

/** Deletes the session behind `token`, in the caller's transaction (sign-out is audited). */
export async function endSession(db: Tx, token: string | undefined): Promise<void> {
  if (token) await db.session.deleteMany({ where: { id: hashToken(token) } });
}
