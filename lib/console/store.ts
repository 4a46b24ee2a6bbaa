// Console storage in the database: the 64 KB ring per instance, so it
// survives restarts. Appends publish to the hub after they are stored.
import type { Db } from "../db";
import { appendToRing, parseRing, ringText } from "./ring";
import { publishConsole } from "./hub";
import { Prisma } from "../generated/prisma/client";
import { execSql, readRows, transaction } from "../sql/read-rows";
import { inChunks } from "../sql/chunks";

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

/**
 * Appends lines to several instances' consoles in one transaction, then
 * publishes each append. `schedule` sets when the writer should look again.
 */
export async function appendConsoles(
  db: Db,
  writes: { instanceId: string; lines: string[]; pumpedUntil?: Date; nextLineAt?: Date | null; end?: boolean }[],
  now: Date,
): Promise<void> {
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
      if (row)
        await execSql(
          tx,
          Prisma.sql`UPDATE "ConsoleOutput" SET "text" = ${data.text}, "firstSeq" = ${data.firstSeq}, "nextSeq" = ${data.nextSeq}, "bytes" = ${data.bytes}, "droppedLines" = ${data.droppedLines},
            "updatedAt" = ${now}, "pumpedUntil" = COALESCE(${w.pumpedUntil ?? null}, "pumpedUntil"),
            "nextLineAt" = CASE WHEN ${w.nextLineAt !== undefined ? 1 : 0} = 1 THEN ${w.nextLineAt ?? null} ELSE "nextLineAt" END
            WHERE "instanceId" = ${w.instanceId}`,
        );
      else await tx.consoleOutput.create({ data: { instanceId: w.instanceId, pumpedUntil: w.pumpedUntil ?? now, ...data } });
      if (appended.length || w.end) published.push({ instanceId: w.instanceId, fromSeq, lines: appended, dropped, end: w.end, writtenAt });
    }
  });
  for (const p of published) publishConsole(p);
}
