// Money is integer micro-dollars (BigInt). Parsing and formatting never touch floats.
export type Micros = bigint;

export const MICROS_PER_DOLLAR = 1_000_000n;

/** "0.10" → 100000n. Non-negative decimals with at most 6 places; anything else is null. */
export function parseDollars(text: string): Micros | null {
  const m = /^\s*\$?(\d{1,12})(?:\.(\d{0,6}))?\s*$/.exec(text);
  if (!m) return null;
  return BigInt(m[1]) * MICROS_PER_DOLLAR + BigInt((m[2] ?? "").padEnd(6, "0") || "0");
}

/** Exact decimal string with at least `minPlaces` places: 72000000n → "72.00". */
export function toDecimal(micros: Micros, minPlaces = 2): string {
  const neg = micros < 0n;
  const abs = neg ? -micros : micros;
  const whole = abs / MICROS_PER_DOLLAR;
  let frac = (abs % MICROS_PER_DOLLAR).toString().padStart(6, "0").replace(/0+$/, "");
  if (frac.length < minPlaces) frac = frac.padEnd(minPlaces, "0");
  return `${neg ? "-" : ""}${whole}${frac ? "." + frac : ""}`;
}

/** "$1,234.56" for people; exact, with more places only when they matter. */
export function formatUsd(micros: Micros, minPlaces = 2): string {
  const s = toDecimal(micros, minPlaces);
  const neg = s.startsWith("-");
  const [w, f] = (neg ? s.slice(1) : s).split(".");
  const grouped = w.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}$${grouped}${f ? "." + f : ""}`;
}

/** Rounds micro-dollars to whole cents, half up (for display of totals). */
export function roundToCents(micros: Micros): Micros {
  const r = micros % 10_000n;
  return r >= 5_000n ? micros - r + 10_000n : micros - r;
}
