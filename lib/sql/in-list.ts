// `expr IN (list)` for lists of any length: see lib/sql/dialect.ts.
export { inList } from "./dialect";

/**
 * Prisma compiles each query as it runs, at about ten microseconds per listed
 * value: an `in` of 5,000 ids holds the event loop for 50 ms and more. Lists up
 * to this long go to Prisma; a longer one is left out of the query and the
 * (team-scoped, small) rows are filtered in memory instead.
 */
export const PRISMA_LIST_MAX = 100;

/** Whether these lists (all given together) are short enough for a Prisma `in`. */
export const shortLists = (...lists: readonly unknown[][]): boolean => lists.reduce((n, l) => n + l.length, 0) <= PRISMA_LIST_MAX;
