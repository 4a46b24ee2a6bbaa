// Races against the write lock, for tests: hold it while a change is made, start
// what should race it, and let go once that is waiting for the lock (its
// lookups, made before the lock, done).
import type { Db, Tx } from "../db";
import { Prisma } from "../generated/prisma/client";
import { readRows, transaction } from "../sql/read-rows";
import { testDialect } from "./pg";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Until `waiters` transactions wait for the write lock: PostgreSQL shows them
 * in pg_locks (then a moment more, for any others a replica queues behind
 * them); SQLite's lookups are synchronous, so a moment is enough.
 */
export async function writeLockWaiters(db: Db, waiters = 1): Promise<void> {
  if (testDialect() === "postgres")
    for (let k = 0; ; k++) {
      const [r] = await readRows<{ c: bigint }>(db, Prisma.sql`SELECT COUNT(*) AS "c" FROM pg_locks WHERE "locktype" = 'advisory' AND NOT "granted"`);
      if (Number(r.c) >= waiters) break;
      if (k > 200) throw new Error("Nothing waited for the write lock.");
      await sleep(25);
    }
  await sleep(waiters > 1 ? 300 : testDialect() === "postgres" ? 0 : 200);
}

/** Makes `change` holding the write lock (on `db`), starts `race`, and commits the change once `waiters` wait for the lock. */
export async function whileHoldingWriteLock<T>(db: Db, change: (tx: Tx) => Promise<unknown>, race: () => Promise<T>, waiters = 1): Promise<T> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const inside = new Promise<void>((r) => (entered = r));
  const holder = transaction(db, async (tx) => {
    await change(tx);
    entered();
    await gate;
  });
  await inside;
  const raced = race();
  raced.catch(() => {});
  await writeLockWaiters(db, waiters);
  release();
  await holder;
  return raced;
}
