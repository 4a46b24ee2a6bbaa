// Access keys as the API sees them, cached for a few seconds (every request
// is signed; a database read and a decryption per request would dominate).
// Any change to keys or members empties the cache at once, on every replica
// (the event bus fans out); a refresh (events possibly missed) empties it too.
import type { Db } from "../db";
import { resolveAccessKey } from "../control-plane/identity/access-keys";
import { onAccessKeys, onRefresh } from "../events";

type Resolved = Awaited<ReturnType<typeof resolveAccessKey>>;
const TTL_MS = 5_000;

interface KeyCache {
  entries: Map<string, { at: number; value: Resolved }>;
  /** Bumped on every invalidation: a read that began before one is not cached. */
  generation: number;
}

const g = globalThis as unknown as { __stratusCredentialCache?: KeyCache };
const cache = (g.__stratusCredentialCache ??= (() => {
  const c: KeyCache = { entries: new Map(), generation: 0 };
  const invalidate = () => {
    c.entries.clear();
    c.generation++;
  };
  onAccessKeys(invalidate);
  onRefresh(invalidate);
  return c;
})());

export async function credentialsFor(db: Db, accessKeyId: string): Promise<Resolved> {
  const hit = cache.entries.get(accessKeyId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const generation = cache.generation;
  const value = await resolveAccessKey(db, accessKeyId);
  if (generation !== cache.generation) return value;
  if (cache.entries.size > 10_000) cache.entries.clear();
  cache.entries.set(accessKeyId, { at: Date.now(), value });
  return value;
}
