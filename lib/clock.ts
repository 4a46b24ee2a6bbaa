// One injected clock for services, reconciler and providers. Under
// STRATUS_SIM_SPEED the simulated cloud runs faster than the wall clock.
export interface Clock {
  now(): Date;
  /** Simulated seconds per real second. */
  readonly speed: number;
}

export class WarpClock implements Clock {
  constructor(
    private readonly simAnchorMs: number,
    private readonly realAnchorMs: number,
    readonly speed: number,
  ) {}
  now(): Date {
    return new Date(Math.floor(this.simAnchorMs + (Date.now() - this.realAnchorMs) * this.speed));
  }
}

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  readonly speed = 1;
  private ms: number;
  constructor(start: Date | string = "2026-01-05T00:00:00Z") {
    this.ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  set(at: Date | string): void {
    this.ms = new Date(at).getTime();
  }
  advance(seconds: number): Date {
    this.ms += seconds * 1000;
    return this.now();
  }
}

/** Real milliseconds until a simulated instant arrives. */
export function realDelayMs(clock: Clock, at: Date): number {
  return Math.max(0, (at.getTime() - clock.now().getTime()) / clock.speed);
}
