// The one place the two SQL dialects differ. Queries are written once, as
// portable Prisma.sql, and call these for the few constructs SQLite and
// PostgreSQL spell differently. The dialect is the process's database's
// (DATABASE_URL): a process talks to one kind of database.
import { Prisma } from "../generated/prisma/client";
import { databaseUrl } from "../config";

export type Dialect = "sqlite" | "postgres";

export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url);

export function dialectOf(url: string): Dialect {
  return isPostgresUrl(url) ? "postgres" : "sqlite";
}

export function dialect(): Dialect {
  return dialectOf(databaseUrl());
}

export const isPostgres = (): boolean => dialect() === "postgres";

/**
 * `expr IN (list)` with the whole list as one bound parameter, whatever its
 * length: no statement can exceed a bound-parameter limit, and one SQL text
 * serves every length (so the prepared statement is reused). SQLite reads a
 * JSON array with json_each; PostgreSQL compares with ANY of an array.
 */
export function inList(expr: Prisma.Sql, values: readonly (string | number)[]): Prisma.Sql {
  if (isPostgres()) {
    // PostgreSQL text can't hold NUL, so such a value matches nothing (and binding it would fail).
    values = values.filter((v) => typeof v !== "string" || !v.includes("\u0000"));
    const numeric = values.length > 0 && values.every((v) => typeof v === "number");
    return Prisma.sql`${expr} = ANY(${Prisma.raw(numeric ? "CAST(" : "")}${[...values]}${Prisma.raw(numeric ? " AS bigint[])" : "::text[]")})`;
  }
  return Prisma.sql`${expr} IN (SELECT "value" FROM json_each(${JSON.stringify(values)}))`;
}

/** A JSON array (as text) of one array per row: `[[a, b], …]`, `[]` for no rows. */
export function jsonRowsAgg(columns: Prisma.Sql[]): Prisma.Sql {
  const cols = Prisma.join(columns);
  return isPostgres() ? Prisma.sql`COALESCE(json_agg(json_build_array(${cols}))::text, '[]')` : Prisma.sql`json_group_array(json_array(${cols}))`;
}

/** A JSON object (as text) of key → value pairs, `{}` for no rows. */
export function jsonObjectAgg(key: Prisma.Sql, value: Prisma.Sql): Prisma.Sql {
  return isPostgres() ? Prisma.sql`COALESCE(json_object_agg(${key}, ${value})::text, '{}')` : Prisma.sql`json_group_object(${key}, ${value})`;
}

/** Largest of its arguments (SQLite's scalar MAX, PostgreSQL's GREATEST). */
export function greatest(...args: Prisma.Sql[]): Prisma.Sql {
  return isPostgres() ? Prisma.sql`GREATEST(${Prisma.join(args)})` : Prisma.sql`MAX(${Prisma.join(args)})`;
}

/** Smallest of its arguments. */
export function least(...args: Prisma.Sql[]): Prisma.Sql {
  return isPostgres() ? Prisma.sql`LEAST(${Prisma.join(args)})` : Prisma.sql`MIN(${Prisma.join(args)})`;
}

/** Null-safe equality (SQLite's `IS`, PostgreSQL's `IS NOT DISTINCT FROM`). */
export function sameAs(a: Prisma.Sql, b: Prisma.Sql): Prisma.Sql {
  return isPostgres() ? Prisma.sql`${a} IS NOT DISTINCT FROM ${b}` : Prisma.sql`${a} IS ${b}`;
}

type ColumnType = "timestamp" | "int" | "bigint" | "text" | "bool";
const PG_TYPES: Record<ColumnType, string> = { timestamp: "timestamp(3)", int: "integer", bigint: "bigint", text: "text", bool: "boolean" };

/**
 * A bound value whose column type PostgreSQL can't infer (a VALUES list, a
 * COALESCE, a CASE): cast there, left as is in SQLite (whose casts would
 * change the stored value's affinity).
 */
export function typed(value: unknown, type: ColumnType): Prisma.Sql {
  if (!isPostgres()) return Prisma.sql`${value}`;
  return Prisma.sql`CAST(${value} AS ${Prisma.raw(PG_TYPES[type])})`;
}

/** `expr` ends with `suffix`, compared as text (no character acts as a wildcard). */
export function endsWith(expr: Prisma.Sql, suffix: string): Prisma.Sql {
  const n = [...suffix].length;
  return isPostgres()
    ? Prisma.sql`(length(${expr}) >= ${n} AND right(${expr}, ${n}) = ${suffix})`
    : Prisma.sql`(length(${expr}) >= ${n} AND substr(${expr}, -${n}) = ${suffix})`;
}
