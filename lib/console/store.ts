// Console storage in the database: the 64 KB ring per instance, so it
// survives restarts. Appends publish to the hub after they are stored.
import type { Db } from "../db";
import { appendToRing, parseRing, ringText } from "./ring";
import { publishConsole } from "./hub";

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
  await db.$transaction(async (tx) => {
    const rows = await tx.consoleOutput.findMany({ where: { instanceId: { in: writes.map((w) => w.instanceId) } } });
    const byId = new Map(rows.map((r) => [r.instanceId, r]));
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
      if (row) await tx.consoleOutput.update({ where: { instanceId: w.instanceId }, data });
      else await tx.consoleOutput.create({ data: { instanceId: w.instanceId, pumpedUntil: w.pumpedUntil ?? now, ...data } });
      if (appended.length || w.end) published.push({ instanceId: w.instanceId, fromSeq, lines: appended, dropped, end: w.end, writtenAt });
    }
  });
  for (const p of published) publishConsole(p);
}
