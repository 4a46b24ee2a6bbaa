// Time warp and the meter: a speed change re-plans the meter's passes at once
// (a 1× pace of one pass a minute would leave 3600× an hour behind per second).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../testing/db";
import { WarpClock } from "../clock";
import { SimProvider } from "../providers/sim";
import { Meter } from "./meter";

let w: TestWorld;
beforeAll(async () => {
  w = await testWorld();
});
afterAll(() => w.close());

const until = (cond: () => boolean, ms = 3000) =>
  new Promise<void>((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => (cond() ? resolve() : Date.now() - t0 > ms ? reject(new Error("timed out")) : setTimeout(tick, 10));
    tick();
  });

describe("the meter under time warp", () => {
  it("passes again as soon as the speed changes, and stops listening when stopped", async () => {
    const clock = new WarpClock(Date.parse("2026-12-01T00:00:00Z"), Date.now(), 1);
    let passes = 0;
    const meter = new Meter(w.db, clock, new Map([["sim", new SimProvider()]]), async () => {
      passes++;
    });
    meter.start();
    await until(() => passes === 1);
    // At 1× the next pass would be a minute away; the warp brings it forward.
    clock.setSpeed(3600);
    await until(() => passes === 2);
    clock.setSpeed(0);
    await until(() => passes === 3);
    meter.stop();
    clock.setSpeed(60);
    await new Promise((r) => setTimeout(r, 100));
    expect(passes).toBe(3);
  });
});
