// Process-wide settings read from the environment once.
import path from "node:path";

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.STRATUS_DATA_DIR ?? "data");
}

export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? `file:${path.join(dataDir(), "stratus.db")}`;
}

/** Path of the SQLite file behind a `file:` URL. */
export function sqlitePath(url = databaseUrl()): string {
  if (!url.startsWith("file:")) throw new Error(`Only SQLite (file:) URLs are supported for now, got ${url.split(":")[0]}:`);
  return path.resolve(/*turbopackIgnore: true*/ url.slice("file:".length).replace(/\?.*$/, ""));
}

export const settings = {
  simSpeed: () => num("STRATUS_SIM_SPEED", 1),
  instanceLimitDefault: () => Math.floor(num("STRATUS_INSTANCE_LIMIT", 20)),
  publicPool: () => (process.env.STRATUS_PUBLIC_POOL ?? "203.0.113.0/24,198.51.100.0/24,192.0.2.0/24").split(",").map((s) => s.trim()).filter(Boolean),
};
