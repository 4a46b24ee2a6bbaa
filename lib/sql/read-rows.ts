// Bulk reads for reports and exports. On SQLite, rows come straight from a
// read-only better-sqlite3 connection to the same file (about three times
// faster than through the ORM for hundreds of thousands of rows); otherwise
// (another database, or inside a transaction) through Prisma. The SQL is the
// same portable Prisma.sql either way.
import Database from "better-sqlite3";
import type { Prisma } from "../generated/prisma/client";

const g = globalThis as unknown as { __stratusReaders?: Map<string, Database.Database>; __stratusFiles?: WeakMap<object, string> };
const readers = (g.__stratusReaders ??= new Map());
const files = (g.__stratusFiles ??= new WeakMap());

/** Called by createDb: which SQLite file this client reads. */
export function registerSqliteFile(client: object, file: string): void {
  files.set(client, file);
}

function reader(file: string): Database.Database {
  let db = readers.get(file);
  if (!db) {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.defaultSafeIntegers(true);
    readers.set(file, db);
  }
  return db;
}

const toSqlite = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === "boolean" ? (v ? 1 : 0) : v);

export async function readRows<T>(db: { $queryRaw<R>(q: Prisma.Sql): Promise<R> }, query: Prisma.Sql): Promise<T[]> {
  const file = files.get(db);
  if (file) return reader(file).prepare(query.sql).all(...query.values.map(toSqlite)) as T[];
  return db.$queryRaw<T[]>(query);
}
