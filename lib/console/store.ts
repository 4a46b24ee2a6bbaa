// Console storage in the database: the 64 KB ring per instance, so it
// survives restarts. Appends publish to the hub after they are stored, and
// tell the other replicas (their viewers read the new lines from here).
import type { Db } from "../db";
import { appendToRing, parseRing, ringText } from "./ring";
import { publishConsole } from "./hub";
import { Prisma } from "../generated/prisma/client";
import { readRows, transaction } from "../sql/read-rows";
import { chunks, inChunks } from "../sql/chunks";
import { typed } from "../sql/dialect";
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

type Published = Parameters<typeof publishConsole>[0];

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
  const published: Published[] = [];
  await transaction(db, async (tx) => {
    // Plain SQL: the pump writes hundreds of consoles a pass.
    const rows = await inChunks(writes.map((w) => w.instanceId), (c) =>
      readRows<{ instanceId: string; text: string; firstSeq: unknown; droppedLines: unknown }>(
        tx,
        Prisma.sql`SELECT "instanceId", "text", "firstSeq", "droppedLines" FROM "ConsoleOutput" WHERE "instanceId" IN (${Prisma.join(c)})`,
      ),
    );
    const byId = new Map(rows.map((r) => [r.instanceId, { ...r, firstSeq: Number(r.firstSeq), droppedLines: Number(r.droppedLines) }]));
    // Updates go in one statement per hundred consoles, not one each: a statement
    // costs a round trip on PostgreSQL, under the write lock. An instance written
    // twice in a call starts a new batch, so its writes apply in order, as one by one.
    const appends: { publish: Published | null; written: boolean }[] = [];
    let batch: { instanceId: string; values: Prisma.Sql; append: (typeof appends)[number] }[] = [];
    const inBatch = new Set<string>();
    const flush = async () => {
      for (const part of chunks(batch, 100)) {
        // VALUES columns are column1..column10 in SQLite and PostgreSQL alike.
        const updated = await readRows<{ instanceId: string }>(
          tx,
          Prisma.sql`UPDATE "ConsoleOutput" SET "text" = v.column2, "firstSeq" = v.column3, "nextSeq" = v.column4, "bytes" = v.column5, "droppedLines" = v.column6,
            "updatedAt" = ${now}, "pumpedUntil" = COALESCE(v.column7, "ConsoleOutput"."pumpedUntil"),
            "nextLineAt" = CASE WHEN v.column8 = 1 THEN v.column9 ELSE "ConsoleOutput"."nextLineAt" END
            FROM (VALUES ${Prisma.join(part.map((p) => p.values))}) AS v
            WHERE "ConsoleOutput"."instanceId" = v.column1 AND (v.column10 IS NULL OR "ConsoleOutput"."pumpedUntil" = v.column10)
            RETURNING "instanceId"`,
        );
        const ids = new Set(updated.map((u) => u.instanceId));
        for (const p of part) p.append.written = ids.has(p.instanceId);
      }
      batch = [];
      inBatch.clear();
    };
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
      const append = { publish: appended.length || w.end ? { instanceId: w.instanceId, fromSeq, lines: appended, dropped, end: w.end, writtenAt } : null, written: false };
      appends.push(append);
      if (row) {
        if (inBatch.has(w.instanceId)) await flush();
        inBatch.add(w.instanceId);
        batch.push({
          instanceId: w.instanceId,
          append,
          values: Prisma.sql`(${w.instanceId}, ${data.text}, ${typed(data.firstSeq, "int")}, ${typed(data.nextSeq, "int")}, ${typed(data.bytes, "int")}, ${typed(data.droppedLines, "int")},
            ${typed(w.pumpedUntil ?? null, "timestamp")}, ${typed(w.nextLineAt !== undefined ? 1 : 0, "int")}, ${typed(w.nextLineAt ?? null, "timestamp")}, ${typed(w.expectPumpedUntil ?? null, "timestamp")})`,
        });
      } else if (!w.expectPumpedUntil) {
        await tx.consoleOutput.create({ data: { instanceId: w.instanceId, pumpedUntil: w.pumpedUntil ?? now, ...data } });
        append.written = true;
      }
    }
    await flush();
    for (const a of appends) if (a.written && a.publish) published.push(a.publish);
  });
  for (const p of published) publishConsole(p);
  if (published.length) notifyConsole(published.map((p) => p.instanceId));
}
