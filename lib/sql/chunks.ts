// SQLite caps bound parameters per statement; long id lists go in chunks.
export const CHUNK = 500;

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `fn` per chunk (one after another: inside a transaction they share a connection). */
export async function inChunks<T, R>(items: T[], fn: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (const c of chunks(items)) out.push(...(await fn(c)));
  return out;
}
