// A lookup: a query and what to make of its rows (which may be a refusal).
// Written this way, a verb's several lookups can go to the database together
// (lookUpAll: on PostgreSQL one round trip) and still read, and fail, in the
// order they are listed, as one after another would.
import type { Prisma } from "../generated/prisma/client";
import { readAll, readRows } from "./read-rows";

type Row = Record<string, unknown>;

export interface Lookup<T> {
  sql: Prisma.Sql;
  /** Rows as readAll gives them (see its note on types). */
  read(rows: Row[]): T;
}


type Db = Parameters<typeof readRows>[0];

export async function lookUp<T>(db: Db, lookup: Lookup<T>): Promise<T> {
  return lookup.read(await readRows<Row>(db, lookup.sql));
}

/** Several lookups, together; answers in order (a plain value stands for itself). */
export async function lookUpAll<T extends readonly unknown[]>(db: Db, lookups: { [K in keyof T]: Lookup<T[K]> | T[K] }): Promise<T> {
  const isLookup = (l: unknown): l is Lookup<unknown> => typeof l === "object" && l !== null && "sql" in l && "read" in l && typeof (l as Lookup<unknown>).read === "function";
  const queries = lookups.filter(isLookup);
  const rows = await readAll(db, queries.map((l) => l.sql));
  let n = 0;
  return lookups.map((l) => (isLookup(l) ? l.read(rows[n++] as Row[]) : l)) as unknown as T;
}
