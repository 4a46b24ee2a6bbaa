// The cluster's own PostgreSQL connections (the lease's lock, the fan-out's
// LISTEN): one dedicated session each, never from a pool, since an advisory
// lock and a LISTEN belong to the session that took them.
import pg from "pg";

export interface ConnectOptions {
  url: string;
  /** Shown in pg_stat_activity. */
  name: string;
  /** A query unanswered this long counts as a dead connection. */
  queryTimeoutMs?: number;
}

/**
 * Opens a session. TCP keepalives on both ends: the server drops a session
 * whose host vanished (and releases its locks) within about 6 s instead of
 * TCP's two hours; the client notices a dead server the same way.
 */
export async function connectSession(o: ConnectOptions): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: o.url,
    application_name: o.name.slice(0, 63),
    keepAlive: true,
    keepAliveInitialDelayMillis: 3000,
    connectionTimeoutMillis: 5000,
    query_timeout: o.queryTimeoutMs ?? 3000,
    options: "-c tcp_keepalives_idle=3 -c tcp_keepalives_interval=1 -c tcp_keepalives_count=3",
  });
  // Until the owner attaches its own handler: an error here must not crash the process.
  const early = () => {};
  client.on("error", early);
  try {
    await client.connect();
  } catch (e) {
    discard(client);
    throw e;
  } finally {
    client.off("error", early);
  }
  return client;
}

/** Closes a session at once, without waiting for a server that may be gone: PostgreSQL ends it (and its locks) on the socket's close. */
export function discard(client: pg.Client): void {
  client.removeAllListeners("notification");
  client.on("error", () => {});
  const stream = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
  stream?.destroy();
  client.end().catch(() => {});
}
