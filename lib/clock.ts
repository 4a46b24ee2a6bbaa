// One injected clock for services, reconciler and providers. Under
// STRATUS_SIM_SPEED the simulated cloud runs faster than the wall clock.
export interface Clock {
  now(): Date;
  /** Simulated seconds per real second. */
  readonly speed: number;
}

/** The speeds the console offers: paused, real time, a minute and an hour per second. */
export const WARP_SPEEDS = [0, 1, 60, 3600] as const;

export class WarpClock implements Clock {
  private listeners = new Set<(speed: number) => void>();
  constructor(
    private simAnchorMs: number,
    private realAnchorMs: number,
    private currentSpeed: number,
  ) {}
  get speed(): number {
    return this.currentSpeed;
  }
  now(): Date {
    return new Date(Math.floor(this.simAnchorMs + (Date.now() - this.realAnchorMs) * this.currentSpeed));
  }
  /** Changes the speed from this instant on: simulated time never jumps, it only runs faster, slower or not at all (0). */
  setSpeed(speed: number): void {
    if (!(speed >= 0) || !Number.isFinite(speed)) throw new RangeError(`bad clock speed ${speed}`);
    this.simAnchorMs = this.now().getTime();
    this.realAnchorMs = Date.now();
    this.currentSpeed = speed;
    for (const l of this.listeners) l(speed);
  }
  /**
   * Another replica changed the speed at simulated instant simMs: run at its
   * speed from its time on, but never backwards (the replicas' clocks differ
   * by the message's delay at most).
   */
  follow(simMs: number, speed: number): void {
    if (!(speed >= 0) || !Number.isFinite(speed) || !Number.isFinite(simMs)) throw new RangeError(`bad clock ${simMs} at ${speed}×`);
    this.simAnchorMs = Math.max(this.now().getTime(), simMs);
    this.realAnchorMs = Date.now();
    const changed = speed !== this.currentSpeed;
    this.currentSpeed = speed;
    if (changed) for (const l of this.listeners) l(speed);
  }
  /** Loops that pace themselves by the speed (the meter) re-plan when it changes. */
  onSpeedChange(listener: (speed: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** By shape, not instanceof: Next.js bundles this module more than once (instrumentation, routes), and the runtime's clock comes from one of them. */
export const isWarpClock = (c: Clock): c is WarpClock => typeof (c as Partial<WarpClock>).setSpeed === "function" && typeof (c as Partial<WarpClock>).onSpeedChange === "function";

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

/** Real milliseconds until a simulated instant arrives (Infinity while the clock is paused). */
export function realDelayMs(clock: Clock, at: Date): number {
  const ms = at.getTime() - clock.now().getTime();
  if (ms <= 0) return 0;
  return clock.speed > 0 ? ms / clock.speed : Infinity;
}
