// The event bus across replicas: every event this process publishes is sent
// with NOTIFY on one channel; every replica LISTENs on a dedicated session and
// delivers what the others sent (its own come back too and are skipped).
//
// Wire format, one JSON object per notification (PostgreSQL refuses payloads
// of 8000 bytes or more):
//   {"r":"<replica id>","k":"instances","d":["i-…",…]}   an event; id lists
//       longer than one payload are split over several notifications
//   {"r":"<replica id>","k":"refresh"}   look again at everything: the list
//       was too long to send, or the sender's link was down and it may have
//       lost events
// After its own session comes back, a replica also delivers a refresh here,
// since it may have missed the others' events meanwhile.
import type pg from "pg";
import { isRelayed, type Bus, type BusEvents, type RelayedEventName } from "../events";
import { connectSession, discard } from "./pg-connect";
import { logger } from "../log";

export const CHANNEL = "stratus_events";
/** Bytes of one payload at most (PostgreSQL's limit is 8000, exclusive). */
export const MAX_PAYLOAD_BYTES = 7900;
/** Beyond this many notifications for one event, a refresh is sent instead. */
export const MAX_CHUNKS = 64;

type Wire = { r: string; k: RelayedEventName; d: unknown } | { r: string; k: "refresh" };

/** The notifications for one event: one, several (an id list split), or a refresh when too long. */
export function encodeEvent<K extends RelayedEventName>(from: string, name: K, payload: BusEvents[K]): string[] {
  const whole = JSON.stringify({ r: from, k: name, d: payload });
  if (Buffer.byteLength(whole) <= MAX_PAYLOAD_BYTES) return [whole];
  if (!Array.isArray(payload)) return [encodeRefresh(from)];
  const head = Buffer.byteLength(JSON.stringify({ r: from, k: name, d: [] }));
  const out: string[] = [];
  let part: string[] = [];
  let size = head;
  for (const id of payload as string[]) {
    const cost = Buffer.byteLength(JSON.stringify(id)) + 1;
    if (head + cost > MAX_PAYLOAD_BYTES) return [encodeRefresh(from)];
    if (size + cost > MAX_PAYLOAD_BYTES) {
      out.push(JSON.stringify({ r: from, k: name, d: part }));
      if (out.length >= MAX_CHUNKS) return [encodeRefresh(from)];
      part = [];
      size = head;
    }
    part.push(id);
    size += cost;
  }
  if (part.length) out.push(JSON.stringify({ r: from, k: name, d: part }));
  return out.length > MAX_CHUNKS ? [encodeRefresh(from)] : out;
}

export function encodeRefresh(from: string): string {
  return JSON.stringify({ r: from, k: "refresh" });
}

const ids = (d: unknown) => Array.isArray(d) && d.every((x) => typeof x === "string");
const SHAPES: Record<RelayedEventName, (d: unknown) => boolean> = {
  instances: ids,
  groups: ids,
  console: ids,
  "access-keys": (d) => d === null,
  "instance-groups": (d) => d === null,
  clock: (d) => typeof d === "object" && d !== null && Number.isFinite((d as BusEvents["clock"]).simMs) && Number.isFinite((d as BusEvents["clock"]).speed),
};

/** A notification's event, or null for anything this version doesn't know (a newer replica's) or can't read. */
export function decodeEvent(text: string): Wire | null {
  try {
    const w = JSON.parse(text) as { r?: unknown; k?: unknown; d?: unknown };
    if (typeof w.r !== "string" || typeof w.k !== "string") return null;
    if (w.k === "refresh") return { r: w.r, k: "refresh" };
    if (!isRelayed(w.k) || !SHAPES[w.k](w.d ?? null)) return null;
    return { r: w.r, k: w.k, d: w.d ?? null };
  } catch {
    return null;
  }
}

export interface FanoutOptions {
  url: string;
  bus: Bus;
  replicaId: string;
  channel?: string;
  /** A query unanswered this long (the keepalive ping included): the session is replaced. */
  timeoutMs?: number;
  /** How often an idle session is checked. */
  pingMs?: number;
}

export class Fanout {
  private client: pg.Client | null = null;
  private running = false;
  private detach: (() => void) | null = null;
  private outbox: string[] = [];
  private flushing: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private ping: NodeJS.Timeout | null = null;
  private backoffMs = 100;
  private refreshOnConnect = false;
  private lastFailure: string | null = null;
  private readonly channel: string;
  /** Notifications dropped while the session was down (the others get a refresh instead). */
  dropped = 0;

  constructor(private readonly o: FanoutOptions) {
    this.channel = o.channel ?? CHANNEL;
  }

  get connected(): boolean {
    return this.client !== null;
  }

  /** The LISTEN session (tests destroy it to play a lost link). */
  get session(): pg.Client | null {
    return this.client;
  }

  /** Relays from now on; resolves once listening, or after the first failed try (it keeps trying). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.detach = this.o.bus.relay((name, payload) => this.send(encodeEvent(this.o.replicaId, name, payload)));
    await this.connect();
    this.ping = setInterval(() => void this.keepalive(), this.o.pingMs ?? 5000);
    this.ping.unref();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.detach?.();
    this.detach = null;
    if (this.retry) clearTimeout(this.retry);
    if (this.ping) clearInterval(this.ping);
    await this.flushing;
    const c = this.client;
    this.client = null;
    if (c) discard(c);
  }

  /** Resolves when every notification queued so far is sent (or dropped). */
  async flushed(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private send(payloads: string[]): void {
    if (!this.client) {
      this.dropped += payloads.length;
      return;
    }
    this.outbox.push(...payloads);
    // One round trip for everything published in the same tick.
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
  }

  private async flush(): Promise<void> {
    try {
      while (this.outbox.length && this.client) {
        const batch = this.outbox.splice(0, 500);
        const c = this.client;
        try {
          // In array order, delivered in that order.
          await c.query("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p", [this.channel, batch]);
        } catch (err) {
          this.dropped += batch.length;
          this.lost(c, err);
        }
      }
      if (!this.client) {
        this.dropped += this.outbox.length;
        this.outbox = [];
      }
    } finally {
      this.flushing = null;
    }
  }

  private async connect(): Promise<void> {
    this.retry = null;
    if (!this.running) return;
    let c: pg.Client | null = null;
    try {
      c = await connectSession({ url: this.o.url, name: `stratus events ${this.o.replicaId}`, queryTimeoutMs: this.o.timeoutMs ?? 5000 });
      const session = c;
      session.on("error", (err) => this.lost(session, err));
      session.on("end", () => this.lost(session, new Error("the LISTEN session ended")));
      session.on("notification", (m) => this.receive(m));
      await session.query(`LISTEN ${this.channel}`);
      if (!this.running) return discard(session);
      this.client = session;
      this.backoffMs = 100;
      this.lastFailure = null;
      if (this.refreshOnConnect) {
        // Events may have been missed both ways while the link was down.
        logger.info({ dropped: this.dropped }, "event fan-out reconnected: refreshing");
        this.send([encodeRefresh(this.o.replicaId)]);
        this.o.bus.deliver("refresh", null, this.o.replicaId);
      }
      this.refreshOnConnect = true;
    } catch (err) {
      if (c) discard(c);
      const text = String((err as Error)?.message ?? err);
      if (text !== this.lastFailure) logger.warn({ err }, "event fan-out: can't LISTEN; trying again");
      this.lastFailure = text;
      // Events published meanwhile are dropped: once connected, refresh.
      this.refreshOnConnect = true;
      this.schedule();
    }
  }

  private schedule(): void {
    if (!this.running || this.retry) return;
    this.retry = setTimeout(() => void this.connect(), this.backoffMs);
    this.retry.unref();
    this.backoffMs = Math.min(5000, this.backoffMs * 2);
  }

  private lost(c: pg.Client, err: unknown): void {
    if (this.client !== c) return;
    this.client = null;
    discard(c);
    logger.warn({ err }, "event fan-out: the LISTEN session was lost; reconnecting");
    this.schedule();
  }

  private async keepalive(): Promise<void> {
    const c = this.client;
    if (!c || this.flushing) return;
    await c.query("SELECT 1").catch((err) => this.lost(c, err));
  }

  private receive(m: pg.Notification): void {
    if (m.channel !== this.channel || !m.payload) return;
    const w = decodeEvent(m.payload);
    if (!w || w.r === this.o.replicaId) return;
    try {
      if (w.k === "refresh") this.o.bus.deliver("refresh", null, w.r);
      else this.o.bus.deliver(w.k, w.d as BusEvents[typeof w.k], w.r);
    } catch (err) {
      logger.error({ err, event: w.k }, "a listener failed on another replica's event");
    }
  }
}
