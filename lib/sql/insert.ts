// Multi-row INSERT in as few statements as SQLite's bound-parameter limit
// allows: the bulk paths (a 1,000-instance launch) write one statement per
// few dozen rows instead of one per row.
import { Prisma } from "../generated/prisma/client";
import { execSql } from "./read-rows";
import { yieldToIo } from "../yield";

const MAX_PARAMS = 999;

export async function insertRows(db: Parameters<typeof execSql>[0], table: string, columns: string[], rows: unknown[][], onConflict = ""): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
  for (let i = 0; i < rows.length; i += per) {
    // Each statement runs synchronously: between them, other requests get a turn
    // (a 1,000-row insert would otherwise hold the event loop for all of its
    // statements; reads answer from their own connection meanwhile).
    if (i > 0) await yieldToIo();
    const values = rows.slice(i, i + per).map((r) => Prisma.sql`(${Prisma.join(r)})`);
    await execSql(db, Prisma.sql`${Prisma.raw(head)}${Prisma.join(values)}${Prisma.raw(onConflict ? ` ${onConflict}` : "")}`);
  }
}
