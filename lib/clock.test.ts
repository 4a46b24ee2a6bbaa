// A replica's clock follows a Time warp made on another replica: the other's
// speed from the other's simulated time on, never backwards.
import { describe, expect, it } from "vitest";
import { WarpClock } from "./clock";

describe("WarpClock.follow", () => {
  it("takes the other replica's speed and time, and tells the loops that pace by it", () => {
    const c = new WarpClock(Date.parse("2026-12-01T00:00:00Z"), Date.now(), 1);
    const speeds: number[] = [];
    c.onSpeedChange((s) => speeds.push(s));
    const ahead = c.now().getTime() + 60_000;
    c.follow(ahead, 3600);
    expect(c.speed).toBe(3600);
    expect(c.now().getTime()).toBeGreaterThanOrEqual(ahead);
    expect(speeds).toEqual([3600]);
  });

  it("never goes backwards when the other replica's time is behind, and a repeat of the same speed re-plans nothing", () => {
    const c = new WarpClock(Date.parse("2026-12-01T00:00:00Z"), Date.now(), 60);
    const speeds: number[] = [];
    c.onSpeedChange((s) => speeds.push(s));
    const before = c.now().getTime();
    c.follow(before - 3_600_000, 60);
    expect(c.now().getTime()).toBeGreaterThanOrEqual(before);
    expect(speeds).toEqual([]);
    expect(() => c.follow(before, -1)).toThrow(RangeError);
  });
});
