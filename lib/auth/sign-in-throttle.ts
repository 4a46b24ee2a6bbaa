// Failed sign-ins, limited atomically in the database: per (account, address),
// so a guesser elsewhere can't lock the admin out of the admin's own desk, and
// per address, so one address can't try account after account. Each attempt
// is counted *before* its password is checked (the check takes tens of
// milliseconds, and a burst of concurrent guesses must not all pass the
// limit while the first are being checked); a success takes its count back.
// Past the limit, the pair (or the address) is locked out for 30 s, doubling
// with each further failure up to 15 minutes; 15 quiet minutes forget it all.
import type { Tx } from "../db";
import { Prisma } from "../generated/prisma/client";
import { execSql, readRows } from "../sql/read-rows";
import { inList } from "../sql/in-list";
import { greatest } from "../sql/dialect";

export const THROTTLE = { perAccountAddress: 5, perAddress: 20, windowMs: 15 * 60_000, firstLockMs: 30_000, maxLockMs: 15 * 60_000 };

const accountKey = (email: string, address: string) => `account:${email}|${address}`;
const addressKey = (address: string) => `address:${address}`;

interface Row {
  key: string;
  failures: bigint | number;
  lockedUntil: bigint | number | null;
  updatedAt: bigint | number;
}

/** How long a key is locked after `failures` failures against a limit of `limit` (0: not locked). */
export function lockFor(failures: number, limit: number): number {
  if (failures < limit) return 0;
  return Math.min(THROTTLE.maxLockMs, THROTTLE.firstLockMs * 2 ** Math.min(failures - limit, 20));
}

/**
 * Counts one attempt for (email, address), in the caller's transaction.
 * Returns 0 when it may go ahead, else the seconds until it may.
 */
export async function reserveAttempt(tx: Tx, email: string, address: string, now: Date): Promise<number> {
  const keys: [string, number][] = [
    [accountKey(email, address), THROTTLE.perAccountAddress],
    [addressKey(address), THROTTLE.perAddress],
  ];
  const rows = await readRows<Row>(tx, Prisma.sql`SELECT "key", "failures", "lockedUntil", "updatedAt" FROM "SignInThrottle" WHERE ${inList(Prisma.sql`"key"`, keys.map(([k]) => k))}`);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const t = now.getTime();
  // Counts are forgotten after a quiet window (no attempt, no lock in force).
  const live = (r: Row | undefined) => (r && (Number(r.lockedUntil ?? 0) > t || t - Number(r.updatedAt) < THROTTLE.windowMs) ? r : undefined);
  let wait = 0;
  for (const [k] of keys) {
    const r = live(byKey.get(k));
    if (r?.lockedUntil != null && Number(r.lockedUntil) > t) wait = Math.max(wait, Math.ceil((Number(r.lockedUntil) - t) / 1000));
  }
  if (wait > 0) return wait;
  for (const [k, limit] of keys) {
    const r = live(byKey.get(k));
    const failures = (r ? Number(r.failures) : 0) + 1;
    const lock = lockFor(failures, limit);
    await execSql(
      tx,
      Prisma.sql`INSERT INTO "SignInThrottle" ("key", "failures", "lockedUntil", "updatedAt") VALUES (${k}, ${failures}, ${lock ? new Date(t + lock) : null}, ${now})
        ON CONFLICT ("key") DO UPDATE SET "failures" = excluded."failures", "lockedUntil" = excluded."lockedUntil", "updatedAt" = excluded."updatedAt"`,
    );
  }
  return 0;
}

/** The attempt succeeded: the pair starts afresh, and the address gets its attempt back. */
export async function attemptSucceeded(tx: Tx, email: string, address: string): Promise<void> {
  await execSql(tx, Prisma.sql`DELETE FROM "SignInThrottle" WHERE "key" = ${accountKey(email, address)}`);
  await execSql(tx, Prisma.sql`UPDATE "SignInThrottle" SET "failures" = ${greatest(Prisma.sql`"failures" - 1`, Prisma.sql`0`)} WHERE "key" = ${addressKey(address)}`);
}
