// Console storage in the database: the 64 KB ring per instance, so it
// survives restarts. Appends publish to the hub after they are stored.
import type { Db } from "../db";
import { appendToRing, parseRing, ringText } from "./ring";
import { publishConsole } from "./hub";
import { Prisma } from "../generated/prisma/client";
import { execSql, readRows, transaction } from "../sql/read-rows";
import { chunks, inChunks } from "../sql/chunks";
import { typed } from "../sql/dialect";

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
    // By instance: a second write of one instance in the batch replaces the first, as it always has.
    const updates = new Map<string, Prisma.Sql>();
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
        updates.set(
          w.instanceId,
          Prisma.sql`(${w.instanceId}, ${data.text}, ${typed(data.firstSeq, "int")}, ${typed(data.nextSeq, "int")}, ${typed(data.bytes, "int")}, ${typed(data.droppedLines, "int")},
            ${typed(w.pumpedUntil ?? null, "timestamp")}, ${typed(w.nextLineAt !== undefined ? 1 : 0, "int")}, ${typed(w.nextLineAt ?? null, "timestamp")})`,
        );
      else await tx.consoleOutput.create({ data: { instanceId: w.instanceId, pumpedUntil: w.pumpedUntil ?? now, ...data } });
      if (appended.length || w.end) published.push({ instanceId: w.instanceId, fromSeq, lines: appended, dropped, end: w.end, writtenAt });
    }
    // One statement per hundred consoles, not one each: a statement costs a round
    // trip on PostgreSQL (under the write lock). VALUES columns are column1..column9 in both.
    for (const part of chunks([...updates.values()], 100))
      await execSql(
        tx,
        Prisma.sql`UPDATE "ConsoleOutput" SET "text" = v.column2, "firstSeq" = v.column3, "nextSeq" = v.column4, "bytes" = v.column5, "droppedLines" = v.column6,
          "updatedAt" = ${now}, "pumpedUntil" = COALESCE(v.column7, "ConsoleOutput"."pumpedUntil"),
          "nextLineAt" = CASE WHEN v.column8 = 1 THEN v.column9 ELSE "ConsoleOutput"."nextLineAt" END
          FROM (VALUES ${Prisma.join(part)}) AS v WHERE "ConsoleOutput"."instanceId" = v.column1`,
      );
  });
  for (const p of published) publishConsole(p);
}
