// `expr IN (list)` with the whole list as one bound parameter (a JSON array
// read by SQLite's json_each), whatever its length: no statement can exceed
// SQLite's bound-parameter limit, and one SQL text serves every length (so
// the prepared statement is reused). The one place a dialect renders lists:
// PostgreSQL would write `expr = ANY(?)`.
import { Prisma } from "../generated/prisma/client";

export function inList(expr: Prisma.Sql, values: readonly (string | number)[]): Prisma.Sql {
  return Prisma.sql`${expr} IN (SELECT "value" FROM json_each(${JSON.stringify(values)}))`;
}


/**
 * Prisma compiles each query as it runs, at about ten microseconds per listed
 * value: an `in` of 5,000 ids holds the event loop for 50 ms and more. Lists up
 * to this long go to Prisma; a longer one is left out of the query and the
 * (team-scoped, small) rows are filtered in memory instead.
 */
export const PRISMA_LIST_MAX = 100;

/** Whether these lists (all given together) are short enough for a Prisma `in`. */
export const shortLists = (...lists: readonly unknown[][]): boolean => lists.reduce((n, l) => n + l.length, 0) <= PRISMA_LIST_MAX;
