// Cost periods on UTC days ("YYYY-MM-DD", the end excluded as in Cost Explorer):
// the picker's calendar months and quarters, their names, and the period a
// report is compared with — the previous calendar month for a month, the
// previous quarter for a quarter, the same stretch before for anything else.
import { addDays, formatMonth } from "../../time";

export const PERIOD_KINDS = ["mtd", "last", "month", "qtd", "lastq", "quarter", "custom"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface DayRange {
  from: string;
  to: string;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const parts = (day: string) => {
  const [y, m, d] = day.split("-").map(Number);
  return { y, m: m - 1, d };
};
const monthStart = (y: number, m: number) => iso(Date.UTC(y, m, 1));
const isMonthStart = (day: string) => parts(day).d === 1;

/** The same day k months away, or — when that month is too short — the first of the month after it. */
function shiftMonths(day: string, k: number): string {
  const { y, m, d } = parts(day);
  const t = new Date(Date.UTC(y, m + k, 1));
  const dim = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  return d <= dim ? iso(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), d)) : iso(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1));
}

/** Calendar months the range touches. */
function monthsTouched(r: DayRange): number {
  const a = parts(r.from);
  const b = parts(addDays(r.to, -1));
  return (b.y - a.y) * 12 + (b.m - a.m) + 1;
}

/** "2026-Q4" → its range. */
export function quarterRange(q: string): DayRange | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(q);
  if (!m) return null;
  const y = Number(m[1]);
  const first = (Number(m[2]) - 1) * 3;
  return { from: monthStart(y, first), to: monthStart(y, first + 3) };
}

/** "2026-11" → its range. */
export function monthRange(month: string): DayRange | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  return { from: monthStart(y, mo), to: monthStart(y, mo + 1) };
}

export const quarterOf = (day: string) => `${parts(day).y}-Q${Math.floor(parts(day).m / 3) + 1}`;

/** The picker's choice → its days. Month and quarter "to date" run through today. */
export function periodRange(kind: PeriodKind, nowIso: string, p: { month?: string; quarter?: string; from?: string; to?: string } = {}): DayRange {
  const today = nowIso.slice(0, 10);
  const { y, m } = parts(today);
  const q0 = Math.floor(m / 3) * 3;
  const tomorrow = addDays(today, 1);
  switch (kind) {
    case "last":
      return { from: monthStart(y, m - 1), to: monthStart(y, m) };
    case "month":
      return (p.month && monthRange(p.month)) || { from: monthStart(y, m), to: tomorrow };
    case "qtd":
      return { from: monthStart(y, q0), to: tomorrow };
    case "lastq":
      return { from: monthStart(y, q0 - 3), to: monthStart(y, q0) };
    case "quarter":
      return (p.quarter && quarterRange(p.quarter)) || { from: monthStart(y, q0), to: tomorrow };
    case "custom":
      if (p.from && p.to) return { from: p.from, to: p.to };
      return { from: monthStart(y, m), to: tomorrow };
    default:
      return { from: monthStart(y, m), to: tomorrow };
  }
}

/**
 * The review's days, from the costs page's link: a named period (this month,
 * a quarter to date…) is worked out again at the review's own now, so "to
 * date" still runs through today when the clock has moved on since the link
 * was made (time warp turns a day in seconds); custom dates are kept.
 */
export function reviewRange(p: { period?: string; month?: string; quarter?: string; from?: string; to?: string }, nowIso: string): DayRange {
  const kind = (PERIOD_KINDS as readonly string[]).includes(p.period ?? "") ? (p.period as PeriodKind) : null;
  if (kind && kind !== "custom") return periodRange(kind, nowIso, p);
  return p.from && p.to ? { from: p.from, to: p.to } : periodRange("mtd", nowIso);
}

/** What a period is compared with: the calendar period before it, or the same number of days before. */
export function previousPeriod(r: DayRange): DayRange {
  if (isMonthStart(r.from)) {
    const n = monthsTouched(r);
    // A month, or a quarter (whole or to date), steps back by its calendar unit.
    const k = n === 1 ? 1 : parts(r.from).m % 3 === 0 && n <= 3 ? 3 : n;
    const from = shiftMonths(r.from, -k);
    const to = shiftMonths(r.to, -k);
    return { from, to: to > r.from ? r.from : to };
  }
  const days = Math.round((Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`)) / 86_400_000);
  return { from: addDays(r.from, -days), to: r.from };
}

/** "December 2026", "Q4 2026", "December 2026 to date" or "2026-12-03 to 2026-12-09" (the last day included). */
export function periodLabel(r: DayRange, nowIso?: string): string {
  const last = addDays(r.to, -1);
  const { y, m } = parts(r.from);
  const n = monthsTouched(r);
  if (isMonthStart(r.from) && isMonthStart(r.to)) {
    if (n === 1) return formatMonth(r.from.slice(0, 7));
    if (n === 3 && m % 3 === 0) return `Q${m / 3 + 1} ${y}`;
  }
  if (isMonthStart(r.from) && nowIso && r.to === addDays(nowIso.slice(0, 10), 1)) {
    if (n === 1) return `${formatMonth(r.from.slice(0, 7))} to date`;
    if (m % 3 === 0 && n <= 3) return `Q${m / 3 + 1} ${y} to date`;
  }
  return r.from === last ? r.from : `${r.from} to ${last}`;
}

/** The months and quarters the picker offers, newest first. */
export function recentMonths(nowIso: string, count = 24): string[] {
  const { y, m } = parts(nowIso.slice(0, 10));
  return Array.from({ length: count }, (_, i) => monthStart(y, m - i).slice(0, 7));
}

export function recentQuarters(nowIso: string, count = 8): string[] {
  const { y, m } = parts(nowIso.slice(0, 10));
  const q0 = Math.floor(m / 3) * 3;
  return Array.from({ length: count }, (_, i) => quarterOf(monthStart(y, q0 - 3 * i)));
}
