// The console's one time format: UTC everywhere, "2026-12-01 14:05 UTC".
// Calendar helpers for periods live here too, on UTC days ("YYYY-MM-DD").

export function formatUtc(at: string | Date, opts: { seconds?: boolean } = {}): string {
  const d = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return "—";
  const s = d.toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, opts.seconds ? 19 : 16)} UTC`;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2026-12" → "December 2026". */
export function formatMonth(yyyyMm: string): string {
  const [y, m] = yyyyMm.split("-").map(Number);
  return MONTHS[m - 1] ? `${MONTHS[m - 1]} ${y}` : yyyyMm;
}

/** A UTC day shifted by n days; anything that isn't a day comes back as it was (URLs carry what people type). */
export function addDays(day: string, n: number): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) ? day : new Date(ms + n * 86_400_000).toISOString().slice(0, 10);
}
