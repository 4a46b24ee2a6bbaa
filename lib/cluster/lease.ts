// The leader lease: at most one replica runs the background loops at a time.
//
// On PostgreSQL it is a session-level advisory lock held on a dedicated
// connection: whoever holds it leads, and when the holder dies (kill -9, its
// host gone) PostgreSQL ends its session and frees the lock, so a replica
// polling every second takes over. Each acquisition bumps the epoch in the
// lease row; the leader checks before each loop pass that its lock session is
// alive and the row's epoch is still its own (fence), so a leader that lost
// the lease unawares stops instead of acting beside the new one. The
// background writes are conditional besides (see lib/cluster/README.md), so
// even a moment of overlap launches, bills or moves nothing twice.
//
// On SQLite there is one process: it holds the lease from the start.
import crypto from "node:crypto";
import type pg from "pg";
import { connectSession, discard } from "./pg-connect";
import { logger } from "../log";

export interface Lease {
  /** True while this replica leads. */
  readonly leader: boolean;
  /** The epoch of this replica's leadership (null when not leading). */
  readonly epoch: number | null;
  /** Before a loop pass: still the leader? Asks the database on PostgreSQL; a false answer also gives the lease up. */
  fence(): Promise<boolean>;
  /** Called on every change of `leader`. */
  onChange(fn: (leader: boolean) => void): () => void;
  start(): Promise<void>;
  /** Gives the lease up (another replica takes over at its next poll). */
  stop(): Promise<void>;
}

abstract class Listeners {
  private readonly listeners = new Set<(leader: boolean) => void>();
  onChange(fn: (leader: boolean) => void): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }
  protected changed(leader: boolean): void {
    for (const fn of this.listeners) {
      try {
        fn(leader);
      } catch (err) {
        logger.error({ err }, "lease listener failed");
      }
    }
  }
}

/** One process on one SQLite file: the lease is held from start to stop, and fencing costs nothing. */
export class SoloLease extends Listeners implements Lease {
  leader = false;
  get epoch(): number | null {
    return this.leader ? 1 : null;
  }
  fence(): Promise<boolean> {
    return Promise.resolve(this.leader);
  }
  async start(): Promise<void> {
    if (this.leader) return;
    this.leader = true;
    this.changed(true);
  }
  async stop(): Promise<void> {
    if (!this.leader) return;
    this.leader = false;
    this.changed(false);
  }
}

/** The advisory lock key of a lease name: 64 bits of its SHA-256, the same on every replica. */
export function leaseKey(name: string): string {
  return crypto.createHash("sha256").update(`stratus lease ${name}`).digest().readBigInt64BE(0).toString();
}

export interface PgLeaseOptions {
  url: string;
  /** The holder written in the lease row (replica id, host, pid). */
  holder: string;
  name?: string;
  /** How often a non-leader tries the lock, and the leader renews its row. */
  pollMs?: number;
  /** A lock-session query unanswered this long: the leader steps down (before the server frees the lock). */
  timeoutMs?: number;
  /** After losing the lease, wait this long before contending again (default three polls): a healthy replica takes over rather than the one whose link just failed. */
  rejoinAfterMs?: number;
}

// UTC on purpose: the columns are timestamp without time zone, written as UTC like Prisma's.
const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

export class PgLease extends Listeners implements Lease {
  private client: pg.Client | null = null;
  private myEpoch: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private checking: Promise<boolean> | null = null;
  private running = false;
  private lastFailure: string | null = null;
  private notBefore = 0;
  private readonly name: string;
  private readonly key: string;

  constructor(private readonly o: PgLeaseOptions) {
    super();
    this.name = o.name ?? "leader";
    this.key = leaseKey(this.name);
  }

  get leader(): boolean {
    return this.myEpoch !== null;
  }

  get epoch(): number | null {
    return this.myEpoch;
  }

  /** The lock session (tests destroy it to play a dead holder). */
  get session(): pg.Client | null {
    return this.client;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.o.pollMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
    const c = this.client;
    if (c && this.leader) await c.query("SELECT pg_advisory_unlock($1::bigint)", [this.key]).catch(() => {});
    if (c) this.drop(c, null);
  }

  fence(): Promise<boolean> {
    if (!this.client || this.myEpoch === null) return Promise.resolve(false);
    // Loops asking at once share one round trip.
    return (this.checking ??= this.check(this.client, this.myEpoch).finally(() => (this.checking = null)));
  }

  private async check(c: pg.Client, epoch: number): Promise<boolean> {
    try {
      const { rows } = await c.query<{ epoch: number }>(`SELECT "epoch" FROM "Lease" WHERE "name" = $1`, [this.name]);
      if (this.client === c && this.myEpoch === epoch && rows[0] && Number(rows[0].epoch) === epoch) return true;
      this.drop(c, new Error(`the lease's epoch is ${rows[0]?.epoch ?? "gone"}, not ${epoch}`));
      return false;
    } catch (err) {
      this.drop(c, err);
      return false;
    }
  }

  private poll(): Promise<void> {
    // One poll at a time: a slow server must not pile them up.
    if (!this.polling) this.polling = this.pollOnce().finally(() => (this.polling = null));
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    if (!this.running) return;
    let c = this.client;
    try {
      if (this.myEpoch === null && Date.now() < this.notBefore) return;
      if (!c) c = await this.connect();
      if (this.myEpoch === null) await this.tryAcquire(c);
      else await this.renew(c, this.myEpoch);
    } catch (err) {
      if (c) this.drop(c, err);
      // Once per kind of failure, not once a second.
      const text = String((err as Error)?.message ?? err);
      if (text !== this.lastFailure) logger.warn({ err }, "lease: PostgreSQL refused or didn't answer; trying again every second");
      this.lastFailure = text;
      return;
    }
    this.lastFailure = null;
  }

  private async connect(): Promise<pg.Client> {
    const c = await connectSession({ url: this.o.url, name: `stratus lease ${this.o.holder}`, queryTimeoutMs: this.o.timeoutMs ?? 3000 });
    c.on("error", (err) => this.drop(c, err));
    c.on("end", () => this.drop(c, new Error("the lock session ended")));
    if (!this.running) {
      discard(c);
      throw new Error("stopped");
    }
    this.client = c;
    return c;
  }

  private async tryAcquire(c: pg.Client): Promise<void> {
    const { rows } = await c.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS ok", [this.key]);
    if (!rows[0]?.ok) return;
    // Held: the epoch goes up, and the row says who holds it since when.
    const bumped = await c.query<{ epoch: number }>(
      `INSERT INTO "Lease" ("name", "holder", "epoch", "acquiredAt", "renewedAt") VALUES ($1, $2, 1, ${NOW_UTC}, ${NOW_UTC})
       ON CONFLICT ("name") DO UPDATE SET "holder" = excluded."holder", "epoch" = "Lease"."epoch" + 1, "acquiredAt" = excluded."acquiredAt", "renewedAt" = excluded."renewedAt"
       RETURNING "epoch"`,
      [this.name, this.o.holder],
    );
    if (this.client !== c || !this.running) return;
    this.myEpoch = Number(bumped.rows[0].epoch);
    logger.info({ epoch: this.myEpoch, holder: this.o.holder }, "this replica leads: it runs the background loops");
    this.changed(true);
  }

  private async renew(c: pg.Client, epoch: number): Promise<void> {
    const r = await c.query(`UPDATE "Lease" SET "renewedAt" = ${NOW_UTC} WHERE "name" = $1 AND "epoch" = $2`, [this.name, epoch]);
    if (r.rowCount !== 1) this.drop(c, new Error(`another replica took the lease (epoch ${epoch} is gone)`));
  }

  /** Leaves the session (PostgreSQL frees the lock with it); leadership, if held, ends now. */
  private drop(c: pg.Client, err: unknown): void {
    if (this.client !== c) return;
    this.client = null;
    discard(c);
    if (this.myEpoch === null) return;
    const epoch = this.myEpoch;
    this.myEpoch = null;
    this.notBefore = Date.now() + (this.o.rejoinAfterMs ?? 3 * (this.o.pollMs ?? 1000));
    if (err) logger.warn({ err, epoch }, "this replica lost the lease: its background loops stop");
    this.changed(false);
  }
}
