// Failed sign-ins are limited per account and per source address (in memory:
// a sliding window; enough for one process, shared across Next bundles).
const g = globalThis as unknown as { __stratusFailures?: Map<string, number[]> };
const failures = (g.__stratusFailures ??= new Map());

export const LIMITS = { perAccount: 5, perIp: 20, windowMs: 15 * 60_000 };

function recent(key: string, now: number): number[] {
  const list = (failures.get(key) ?? []).filter((t: number) => now - t < LIMITS.windowMs);
  failures.set(key, list);
  return list;
}

/** Seconds to wait before another attempt, or 0. */
export function retryAfter(email: string, ip: string, now = Date.now()): number {
  const a = recent(`a:${email}`, now);
  const i = recent(`i:${ip}`, now);
  const wait = (list: number[], max: number) => (list.length >= max ? Math.ceil((list[0] + LIMITS.windowMs - now) / 1000) : 0);
  return Math.max(wait(a, LIMITS.perAccount), wait(i, LIMITS.perIp));
}

export function recordFailure(email: string, ip: string, now = Date.now()): void {
  recent(`a:${email}`, now).push(now);
  recent(`i:${ip}`, now).push(now);
}

export function clearFailures(email: string): void {
  failures.delete(`a:${email}`);
}
