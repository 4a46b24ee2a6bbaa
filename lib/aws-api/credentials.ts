// Access keys as the API sees them, cached for a few seconds (every request
// is signed; a database read and a decryption per request would dominate).
// Any change to keys or members empties the cache at once.
import type { Db } from "../db";
import { resolveAccessKey } from "../control-plane/identity/access-keys";
import { bus } from "../events";

type Resolved = Awaited<ReturnType<typeof resolveAccessKey>>;
const TTL_MS = 5_000;

const g = globalThis as unknown as { __stratusKeyCache?: Map<string, { at: number; value: Resolved }> };
const cache = (g.__stratusKeyCache ??= (() => {
  const m = new Map<string, { at: number; value: Resolved }>();
  bus.on("access-keys", () => m.clear());
  return m;
})());

export async function credentialsFor(db: Db, accessKeyId: string): Promise<Resolved> {
  const hit = cache.get(accessKeyId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = await resolveAccessKey(db, accessKeyId);
  if (cache.size > 10_000) cache.clear();
  cache.set(accessKeyId, { at: Date.now(), value });
  return value;
}
