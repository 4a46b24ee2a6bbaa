// Values from plain-SQL rows, as their Prisma types: SQLite hands back
// integers as bigint and times as epoch milliseconds; PostgreSQL hands back
// Dates, and, inside JSON, times as ISO text without a zone (they are UTC).
export const int = (v: unknown): number => Number(v);
export const intOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const date = (v: unknown): Date => {
  if (v instanceof Date) return v;
  if (typeof v === "string" && !/^-?\d+$/.test(v)) return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(v) ? v : `${v.replace(" ", "T")}Z`);
  return new Date(Number(v));
};
export const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));
export const bool = (v: unknown): boolean => (typeof v === "string" ? v === "true" || v === "t" || v === "1" : Boolean(Number(v)));
