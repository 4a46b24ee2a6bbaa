// A server that has just started on a database with a fleet first catches up
// in the background (the leader writes every instance's console so far): API
// figures taken meanwhile would be that catch-up's. Wait until it is done.
import { createDb } from "../lib/db";
import { Prisma } from "../lib/generated/prisma/client";
import { readRows } from "../lib/sql/read-rows";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (up to `limitMs`) until no console is due from before `since`; returns how long it waited. */
export async function settled(url: string, since: Date, limitMs = 60_000): Promise<number> {
  const db = createDb(url);
  const t0 = Date.now();
  try {
    while (Date.now() - t0 < limitMs) {
      // Consoles with no row yet (the leader makes them) or lines due from before `since`.
      const [r] = await readRows<{ c: unknown }>(
        db,
        Prisma.sql`SELECT COUNT(*) AS c FROM "Instance" i LEFT JOIN "ConsoleOutput" c ON c."instanceId" = i."id" WHERE c."instanceId" IS NULL OR c."nextLineAt" < ${since}`,
      );
      if (Number(r.c) === 0) break;
      await sleep(250);
    }
    return Date.now() - t0;
  } finally {
    await db.$disconnect();
  }
}
