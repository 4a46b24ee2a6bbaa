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

/** A signed decimal string from a service ("-12.345678") → micro-dollars; null when it isn't one. */
export function decimalToMicros(text: string): Micros | null {
  const t = text.trim();
  const neg = t.startsWith("-");
  const m = parseDollars(neg ? t.slice(1) : t);
  return m === null ? null : neg ? -m : m;
}

/** Rounds micro-dollars to whole cents, half away from zero (for display of amounts). */
export function roundToCents(micros: Micros): Micros {
  if (micros < 0n) return -roundToCents(-micros);
  const r = micros % 10_000n;
  return r >= 5_000n ? micros - r + 10_000n : micros - r;
}

/**
 * The console's one money format. Amounts a person reads are shown to the cent,
 * grouped: "$1,234.57" (exact micro-dollars stay in CSV and the API). Rates
 * (`{ rate: true }`: a price per hour or per GB) keep every place that matters:
 * "$0.085", since rounding a price misstates every bill made from it.
 */
export function formatMoney(amount: Micros | string, opts: { rate?: boolean } = {}): string {
  const micros = typeof amount === "bigint" ? amount : decimalToMicros(amount);
  if (micros === null) return "—";
  const s = toDecimal(opts.rate ? micros : roundToCents(micros), 2);
  const neg = s.startsWith("-");
  const [w, f] = (neg ? s.slice(1) : s).split(".");
  const grouped = w.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const places = opts.rate ? f : f.slice(0, 2);
  return `${neg ? "-" : ""}$${grouped}.${places}`;
}

/** An amount to the cent, but one that rounds to nothing while not being nothing reads "< $0.01". */
export function formatAmount(amount: Micros | string): string {
  const micros = typeof amount === "bigint" ? amount : decimalToMicros(amount);
  if (micros !== null && micros > 0n && roundToCents(micros) === 0n) return "< $0.01";
  return formatMoney(amount);
}

/**
 * Parts shown each rounded to the cent need not add up to their total rounded
 * once: the sum of the parts as shown when it differs from the total as shown,
 * else null.
 */
export function shownPartsSum(total: Micros | string, parts: (Micros | string)[]): Micros | null {
  const m = (v: Micros | string) => (typeof v === "bigint" ? v : (decimalToMicros(v) ?? 0n));
  const sum = parts.reduce<Micros>((a, p) => a + roundToCents(m(p)), 0n);
  return sum === roundToCents(m(total)) ? null : sum;
}
