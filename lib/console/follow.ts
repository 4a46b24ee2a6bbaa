// With several replicas, the console pump (the leader's) and real VMs (their
// host's) store output on one replica, while viewers may be connected to
// another. Every replica follows the "console" events the others send: for
// each instance someone watches here, it reads the lines stored after the
// last one published here and publishes them to this replica's hub, which
// feeds its SSE streams as if they had been written locally.
import type { Db } from "../db";
import { bus as processBus, type Bus } from "../events";
import { Prisma } from "../generated/prisma/client";
import { readRows } from "../sql/read-rows";
import { parseRing } from "./ring";
import { lastPublishedSeq, publishConsole, viewerCount, watchedConsoles } from "./hub";
import { logger } from "../log";

/** Publishes here what another replica stored for a watched instance since the last line published here. */
export async function catchUpConsole(db: Db, instanceId: string): Promise<void> {
  const [row] = await readRows<{ text: string; firstSeq: unknown; nextLineAt: unknown; state: string | null }>(
    db,
    Prisma.sql`SELECT c."text", c."firstSeq", c."nextLineAt", i."state" FROM "ConsoleOutput" c LEFT JOIN "Instance" i ON i."id" = c."instanceId" WHERE c."instanceId" = ${instanceId}`,
  );
  if (!row) return;
  const ring = parseRing(row.text, Number(row.firstSeq));
  // Nothing published here yet: the whole ring (viewers skip the lines they already have).
  const after = lastPublishedSeq(instanceId) ?? ring.firstSeq - 1;
  const skip = Math.max(0, after + 1 - ring.firstSeq);
  const lines = ring.lines.slice(skip);
  // The console route's rule for a console that will say nothing more.
  const end = row.state === "terminated" && row.nextLineAt === null;
  if (lines.length === 0 && !end) return;
  publishConsole({ instanceId, fromSeq: ring.firstSeq + skip, lines, dropped: 0, ...(end ? { end } : {}) });
}

/** Follows other replicas' console writes (and refreshes) on this replica; returns the stop function. */
export function followConsoles(db: Db, bus: Bus = processBus): () => void {
  const pending = new Set<string>();
  let draining: Promise<void> | null = null;
  const drain = async () => {
    while (pending.size) {
      const ids = [...pending];
      pending.clear();
      for (const id of ids) {
        if (viewerCount(id) === 0) continue;
        await catchUpConsole(db, id).catch((err) => logger.warn({ err, instanceId: id }, "console follow: could not read another replica's output"));
      }
    }
  };
  const kick = () => {
    if (draining || pending.size === 0) return;
    draining = drain().finally(() => {
      draining = null;
      kick();
    });
  };
  const want = (ids: string[]) => {
    for (const id of ids) if (viewerCount(id) > 0) pending.add(id);
    kick();
  };
  // This replica's own writes were published to its hub as they were stored.
  const offConsole = bus.on("console", (ids, from) => from !== null && want(ids));
  const offRefresh = bus.on("refresh", () => want(watchedConsoles()));
  return () => {
    offConsole();
    offRefresh();
  };
}
