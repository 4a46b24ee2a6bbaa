// Signing in: checks the password, limits failed attempts, audits both.
import type { Db } from "../../db";
import { ServiceError } from "../../errors";
import { hashPassword, verifyPassword } from "../../auth/password";
import { clearFailures, recordFailure, retryAfter } from "../../auth/rate-limit";

// A hash to verify against when the account does not exist, so timing does not tell.
let dummy: Promise<string> | null = null;
const dummyHash = () => (dummy ??= hashPassword(crypto.randomUUID()));

export async function signIn(db: Db, input: { email: string; password: string; ip: string; teamId?: string }): Promise<{ userId: string; teamId: string }> {
  const email = input.email.trim().toLowerCase();
  const wait = retryAfter(email, input.ip);
  const audit = (teamId: string | null, actorId: string | null, result: string, details = "") =>
    db.auditEvent.create({ data: { at: new Date(), teamId, actorId, actorLabel: email || "(blank)", action: "SignIn", targets: actorId ?? "", sourceIp: input.ip, result, details } });
  const user = email ? await db.user.findUnique({ where: { email }, include: { memberships: { orderBy: { createdAt: "asc" } } } }) : null;
  const firstTeam = user?.memberships[0]?.teamId ?? null;
  if (wait > 0) {
    await audit(firstTeam, user?.id ?? null, "Throttling", `too many failed sign-ins; retry in ${wait}s`);
    throw new ServiceError("Throttling", `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? "s" : ""}.`);
  }
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), input.password);
  if (!user || !ok || user.memberships.length === 0) {
    recordFailure(email, input.ip);
    await audit(firstTeam, user?.id ?? null, "InvalidCredentials");
    throw new ServiceError("InvalidCredentials", "That email and password don't match an account.", "password");
  }
  clearFailures(email);
  const teamId = user.memberships.find((m) => m.teamId === input.teamId)?.teamId ?? firstTeam!;
  await audit(teamId, user.id, "success");
  return { userId: user.id, teamId };
}
