// Runs the background loops while this replica holds the lease: started in
// order on acquisition, stopped in reverse order the moment it is lost, and
// started again if it comes back. Changes are applied one at a time, always
// toward the lease's current state, so a flap never leaves loops running
// without the lease.
import type { Lease } from "./lease";
import { logger } from "../log";

export interface BackgroundLoop {
  readonly name: string;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

export class Leadership {
  private running: BackgroundLoop[] = [];
  private chain: Promise<void> = Promise.resolve();
  private off: (() => void) | null = null;

  constructor(
    private readonly lease: Lease,
    private readonly loops: BackgroundLoop[],
  ) {}

  get leader(): boolean {
    return this.lease.leader;
  }

  /** Starts contending; resolves once the first outcome is applied (at once on SQLite). */
  async start(): Promise<void> {
    this.off = this.lease.onChange(() => this.apply());
    await this.lease.start();
    await this.settled();
  }

  /** Resolves when every change so far is applied (loops started or stopped). */
  settled(): Promise<void> {
    return this.chain;
  }

  async stop(): Promise<void> {
    this.off?.();
    this.off = null;
    await this.lease.stop();
    this.chain = this.chain.then(() => this.stopAll());
    await this.chain;
  }

  private apply(): void {
    this.chain = this.chain.then(async () => {
      if (this.lease.leader && this.running.length === 0) await this.startAll();
      else if (!this.lease.leader && this.running.length > 0) await this.stopAll();
    });
  }

  private async startAll(): Promise<void> {
    for (const loop of this.loops) {
      // Lost meanwhile: start no more (the next change stops what started).
      if (!this.lease.leader) break;
      try {
        await loop.start();
        this.running.push(loop);
      } catch (err) {
        logger.error({ err, loop: loop.name }, "a background loop failed to start");
      }
    }
    if (!this.lease.leader) await this.stopAll();
  }

  private async stopAll(): Promise<void> {
    // Every loop is told at once (none starts another pass), then waited for
    // (a pass under way finishes its transaction).
    await Promise.all(
      this.running.splice(0).reverse().map(async (loop) => {
        try {
          await loop.stop();
        } catch (err) {
          logger.error({ err, loop: loop.name }, "a background loop failed to stop");
        }
      }),
    );
  }
}
