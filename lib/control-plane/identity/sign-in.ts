// Signing in and out. The attempt is counted (lib/auth/sign-in-throttle.ts)
// before the password is checked; a success creates the session and its
// audit record in one transaction; a failure or a refusal is audited too.
import type { Db } from "../../db";
import { ServiceError } from "../../errors";
import { hashPassword, verifyPassword } from "../../auth/password";
import { attemptSucceeded, reserveAttempt } from "../../auth/sign-in-throttle";
import { createSession, endSession, type SessionInfo } from "../../auth/sessions";
import { auditAttempt, auditedWrite, housekeeping, type AuditAuthor } from "../audit";

// A hash to verify against when the account does not exist, so timing does not tell.
let dummy: Promise<string> | null = null;
const dummyHash = () => (dummy ??= hashPassword(crypto.randomUUID()));

const wait = (s: number) => (s < 90 ? `${s} seconds` : `${Math.ceil(s / 60)} minutes`);

export interface SignedIn {
  userId: string;
  teamId: string;
  token: string;
  expiresAt: Date;
}

export async function signIn(db: Db, input: { email: string; password: string; ip: string; teamId?: string }): Promise<SignedIn> {
  // No account's email holds NUL, and PostgreSQL's text can't store one (the attempt is still recorded).
  const email = input.email.replaceAll("\u0000", "\uFFFD").trim().toLowerCase().slice(0, 320);
  const now = new Date();
  const user = email ? await db.user.findUnique({ where: { email }, include: { memberships: { orderBy: { createdAt: "asc" } } } }) : null;
  const firstTeam = user?.memberships[0]?.teamId ?? null;
  // The record of an attempt goes to the log of the account's first team (its admins watch it).
  const author: AuditAuthor = { at: now, teamId: firstTeam, actorId: user?.id ?? null, actorLabel: email || "(blank)", sourceIp: input.ip };
  const target = user ? [user.id] : [];

  const retryIn = await housekeeping(db, (tx) => reserveAttempt(tx, email, input.ip, now));
  if (retryIn > 0) {
    await auditAttempt(db, author, { action: "SignIn", targets: target, result: "Throttling", details: `too many failed sign-ins for this account from ${input.ip}; retry in ${retryIn}s` });
    throw new ServiceError("Throttling", `Too many failed sign-ins for this account from your address. Try again in ${wait(retryIn)}.`);
  }
  // Slow on purpose (argon2id), so outside any transaction.
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), input.password);
  if (!user || !ok || user.memberships.length === 0) {
    await auditAttempt(db, author, { action: "SignIn", targets: target, result: "InvalidCredentials" });
    throw new ServiceError("InvalidCredentials", "That email and password don't match an account.", "password");
  }
  const teamId = user.memberships.find((m) => m.teamId === input.teamId)?.teamId ?? firstTeam!;
  return auditedWrite(db, { ...author, teamId }, async (tx, audit) => {
    await attemptSucceeded(tx, email, input.ip);
    const session = await createSession(tx, user.id, teamId, input.ip);
    audit({ action: "SignIn", targets: [user.id] });
    return { userId: user.id, teamId, ...session };
  });
}

/** Ends the session behind `token`, audited as the person signing out. */
export async function signOut(db: Db, session: SessionInfo | null, token: string | undefined, ip: string): Promise<void> {
  if (!session || !token) {
    // No live session: nothing changes but a stale row, if any.
    if (token) await housekeeping(db, (tx) => endSession(tx, token));
    return;
  }
  await auditedWrite(db, { at: new Date(), teamId: session.team.id, actorId: session.user.id, actorLabel: session.user.email, sourceIp: ip }, async (tx, audit) => {
    await endSession(tx, token);
    audit({ action: "SignOut", targets: [session.user.id] });
  });
}
