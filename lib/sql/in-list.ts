// `expr IN (list)` with the whole list as one bound parameter (a JSON array
// read by SQLite's json_each), whatever its length: no statement can exceed
// SQLite's bound-parameter limit, and one SQL text serves every length (so
// the prepared statement is reused). The one place a dialect renders lists:
// PostgreSQL would write `expr = ANY(?)`.
import { Prisma } from "../generated/prisma/client";

export function inList(expr: Prisma.Sql, values: readonly (string | number)[]): Prisma.Sql {
  return Prisma.sql`${expr} IN (SELECT "value" FROM json_each(${JSON.stringify(values)}))`;
}

