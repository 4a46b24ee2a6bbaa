// Sessions: an httpOnly cookie holding a random token; the database keeps its
// hash. Session lifetimes follow the wall clock, never the simulated one.
import type { Db } from "../db";
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

export async function createSession(db: Db, userId: string, teamId: string, ip: string): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await db.session.create({ data: { id: hashToken(token), userId, teamId, createdAt: now, expiresAt, lastSeenAt: now, ip } });
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
    await db.session.delete({ where: { id } }).catch(() => {});
    return null;
  }
  const m = await db.membership.findUnique({ where: { userId_teamId: { userId: s.userId, teamId: s.teamId } }, include: { team: { select: { id: true, name: true } } } });
  if (!m || !isRole(m.role)) return null;
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) await db.session.update({ where: { id }, data: { lastSeenAt: now } }).catch(() => {});
  return { sessionId: id, user: s.user, team: m.team, role: m.role, expiresAt: s.expiresAt };
}

export async function endSession(db: Db, token: string | undefined): Promise<void> {
  if (token) await db.session.deleteMany({ where: { id: hashToken(token) } });
}
