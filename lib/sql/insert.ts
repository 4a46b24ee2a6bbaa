// Multi-row INSERT in as few statements as SQLite's bound-parameter limit
// allows: the bulk paths (a 1,000-instance launch) write one statement per
// few dozen rows instead of one per row.
import { Prisma } from "../generated/prisma/client";
import { execAll, execSql } from "./read-rows";
import { yieldToIo } from "../yield";

const MAX_PARAMS = 999;

/** The INSERT statements for `rows`, each under SQLite's bound-parameter limit (none for no rows). */
export function insertStatements(table: string, columns: string[], rows: unknown[][], onConflict = ""): Prisma.Sql[] {
  const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
  const out: Prisma.Sql[] = [];
  for (let i = 0; i < rows.length; i += per) {
    const values = rows.slice(i, i + per).map((r) => Prisma.sql`(${Prisma.join(r)})`);
    out.push(Prisma.sql`${Prisma.raw(head)}${Prisma.join(values)}${Prisma.raw(onConflict ? ` ${onConflict}` : "")}`);
  }
  return out;
}

export async function insertRows(db: Parameters<typeof execSql>[0], table: string, columns: string[], rows: unknown[][], onConflict = ""): Promise<void> {
  const statements = insertStatements(table, columns, rows, onConflict);
  // execAll lets other requests have a turn between SQLite's synchronous
  // statements (a 1,000-row insert would otherwise hold the event loop for all
  // of them), and sends PostgreSQL's as one. Not with a conflict clause: two
  // chunks naming one row would be one statement changing it twice.
  if (!onConflict) await execAll(db, statements);
  else for (const [n, s] of statements.entries()) {
    if (n > 0) await yieldToIo();
    await execSql(db, s);
  }
}
