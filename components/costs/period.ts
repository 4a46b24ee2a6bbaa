// Periods of the Costs page, in UTC days; the end is exclusive, as in Cost Explorer.
export type PeriodKind = "mtd" | "last" | "custom";

export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function periodRange(kind: PeriodKind, nowIso: string, from?: string, to?: string): { from: string; to: string } {
  const now = new Date(nowIso);
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const iso = (d: number) => new Date(d).toISOString().slice(0, 10);
  if (kind === "last") return { from: iso(Date.UTC(y, m - 1, 1)), to: iso(Date.UTC(y, m, 1)) };
  if (kind === "custom" && from && to) return { from, to };
  // Month to date: through today (tomorrow excluded).
  return { from: iso(Date.UTC(y, m, 1)), to: addDays(nowIso.slice(0, 10), 1) };
}
