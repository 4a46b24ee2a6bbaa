// Console storage in the database: the 64 KB ring per instance, so it
// survives restarts. Appends publish to the hub after they are stored, and
// tell the other replicas (their viewers read the new lines from here).
import type { Db } from "../db";
import { appendToRing, parseRing, ringText } from "./ring";
import { publishConsole } from "./hub";
import { Prisma } from "../generated/prisma/client";
import { execSql, readRows, transaction } from "../sql/read-rows";
import { inChunks } from "../sql/chunks";
import { notifyConsole } from "../events";

export interface ConsoleSnapshot {
  firstSeq: number;
  lines: string[];
  /** lines dropped from the front since the instance was launched */
  droppedLines: number;
}

export async function readConsole(db: Db, instanceId: string): Promise<ConsoleSnapshot> {
  const row = await db.consoleOutput.findUnique({ where: { instanceId } });
  if (!row) return { firstSeq: 1, lines: [], droppedLines: 0 };
  return { firstSeq: row.firstSeq, lines: parseRing(row.text, row.firstSeq).lines, droppedLines: row.droppedLines };
}

export interface ConsoleWrite {
  instanceId: string;
  lines: string[];
  pumpedUntil?: Date;
  /** When the writer should look again. */
  nextLineAt?: Date | null;
  end?: boolean;
  /**
   * Written only if the stored pumpedUntil is still this: the pump's lines
   * follow from it, so a second writer of the same lines (a stale leader
   * overlapping the new one) writes nothing.
   */
  expectPumpedUntil?: Date;
}

/**
 * Appends lines to several instances' consoles in one transaction, then
 * publishes each append.
 */
export async function appendConsoles(db: Db, writes: ConsoleWrite[], now: Date): Promise<void> {
  if (writes.length === 0) return;
  const writtenAt = Date.now();
  const published: Parameters<typeof publishConsole>[0][] = [];
  await transaction(db, async (tx) => {
    // Plain SQL: the pump writes hundreds of consoles a pass.
    const rows = await inChunks(writes.map((w) => w.instanceId), (c) =>
      readRows<{ instanceId: string; text: string; firstSeq: unknown; droppedLines: unknown }>(
        tx,
        Prisma.sql`SELECT "instanceId", "text", "firstSeq", "droppedLines" FROM "ConsoleOutput" WHERE "instanceId" IN (${Prisma.join(c)})`,
      ),
    );
    const byId = new Map(rows.map((r) => [r.instanceId, { ...r, firstSeq: Number(r.firstSeq), droppedLines: Number(r.droppedLines) }]));
    for (const w of writes) {
      const row = byId.get(w.instanceId);
      const state = row ? parseRing(row.text, row.firstSeq) : { lines: [], firstSeq: 1, bytes: 0 };
      const { state: next, appended, fromSeq, dropped } = appendToRing(state, w.lines);
      const data = {
        text: ringText(next),
        firstSeq: next.firstSeq,
        nextSeq: next.firstSeq + next.lines.length,
        bytes: next.bytes,
        droppedLines: (row?.droppedLines ?? 0) + dropped,
        updatedAt: now,
        ...(w.pumpedUntil ? { pumpedUntil: w.pumpedUntil } : {}),
        ...(w.nextLineAt !== undefined ? { nextLineAt: w.nextLineAt } : {}),
      };
      if (row) {
        const written = await execSql(
          tx,
          Prisma.sql`UPDATE "ConsoleOutput" SET "text" = ${data.text}, "firstSeq" = ${data.firstSeq}, "nextSeq" = ${data.nextSeq}, "bytes" = ${data.bytes}, "droppedLines" = ${data.droppedLines},
            "updatedAt" = ${now}, "pumpedUntil" = COALESCE(${w.pumpedUntil ?? null}, "pumpedUntil"),
            "nextLineAt" = CASE WHEN ${w.nextLineAt !== undefined ? 1 : 0} = 1 THEN ${w.nextLineAt ?? null} ELSE "nextLineAt" END
            WHERE "instanceId" = ${w.instanceId}${w.expectPumpedUntil ? Prisma.sql` AND "pumpedUntil" = ${w.expectPumpedUntil}` : Prisma.empty}`,
        );
        if (written === 0) continue;
      } else if (w.expectPumpedUntil) continue;
      else await tx.consoleOutput.create({ data: { instanceId: w.instanceId, pumpedUntil: w.pumpedUntil ?? now, ...data } });
      if (appended.length || w.end) published.push({ instanceId: w.instanceId, fromSeq, lines: appended, dropped, end: w.end, writtenAt });
    }
  });
  for (const p of published) publishConsole(p);
  if (published.length) notifyConsole(published.map((p) => p.instanceId));
}
