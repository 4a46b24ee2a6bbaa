// Values from plain-SQL rows, as their Prisma types: SQLite hands back
// integers as bigint and times as epoch milliseconds.
export const int = (v: unknown): number => Number(v);
export const intOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const date = (v: unknown): Date => (v instanceof Date ? v : new Date(Number(v)));
export const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));
export const bool = (v: unknown): boolean => Boolean(Number(v));
