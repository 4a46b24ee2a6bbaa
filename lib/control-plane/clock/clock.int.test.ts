// Time warp: admins change the speed of the one clock, audited; real VMs pin it at 1×.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { WarpClock, realDelayMs } from "../../clock";
import { setClockSpeed, describeClock, CLOCK_SPEED_KEY } from "./clock";
import { newId } from "../../ids";

let w: TestWorld;
let clock: WarpClock;
beforeAll(async () => {
  w = await testWorld();
});
afterAll(() => w.close());

const ctx = (role: "admin" | "operator" = "admin") => ({ ...w.ctx(role), clock });

describe("SetClockSpeed", () => {
  it("changes the speed from now on without a jump in simulated time, and audits it", async () => {
    clock = new WarpClock(Date.parse("2026-12-01T00:00:00Z"), Date.now(), 1);
    const before = clock.now().getTime();
    const out = await setClockSpeed({ ctx: ctx(), input: { speed: 3600 } });
    expect(out).toEqual({ speed: 3600, previous: 1 });
    expect(clock.speed).toBe(3600);
    // No jump: the simulated time right after the change is within a few real ms of before.
    expect(clock.now().getTime() - before).toBeLessThan(3600 * 200);
    const audit = await w.db.auditEvent.findFirst({ where: { action: "SetClockSpeed" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ result: "success", teamId: w.team.id });
    expect(audit!.details).toMatch(/clock 1× → 3,600×/);
    // Kept for replicas that start later.
    expect((await w.db.setting.findUnique({ where: { key: CLOCK_SPEED_KEY } }))?.value).toBe("3600");
  });

  it("pauses: simulated time stands still and nothing falls due", async () => {
    await setClockSpeed({ ctx: ctx(), input: { speed: "0" as unknown as number } });
    expect(clock.speed).toBe(0);
    const t = clock.now().getTime();
    await new Promise((r) => setTimeout(r, 30));
    expect(clock.now().getTime()).toBe(t);
    expect(realDelayMs(clock, new Date(t + 1000))).toBe(Infinity);
    expect(realDelayMs(clock, new Date(t - 1000))).toBe(0);
    await setClockSpeed({ ctx: ctx(), input: { speed: 1 } });
    expect(clock.speed).toBe(1);
  });

  it("refuses other roles and other speeds, with the field and a reason, and changes nothing", async () => {
    await expect(setClockSpeed({ ctx: ctx("operator"), input: { speed: 60 } })).rejects.toMatchObject({ code: "UnauthorizedOperation", message: "Operators can't warp the simulated clock." });
    await expect(setClockSpeed({ ctx: ctx(), input: { speed: 30 } })).rejects.toMatchObject({ code: "InvalidParameterValue", field: "speed", message: expect.stringContaining("0 (paused), 1, 60 or 3600") });
    await expect(setClockSpeed({ ctx: ctx(), input: { speed: -1 } })).rejects.toMatchObject({ field: "speed" });
    expect(clock.speed).toBe(1);
  });

  it("refuses a warp while a real VM runs on the host, naming only the team's own", async () => {
    const other = await w.addTeam("Other");
    const img = await w.db.image.findFirstOrThrow({ where: { provider: "qemu" } });
    const mk = (teamId: string) =>
      w.db.instance.create({
        data: {
          id: newId("i"), teamId, reservationId: newId("r"), imageId: img.id, instanceType: "m1.large", state: "running", desiredState: "running",
          provider: "qemu", launchIndex: 0, launchedAt: clock.now(), stateChangedAt: clock.now(), availabilityZone: "us-east-1a", launchedBy: "t",
        },
      });
    const theirs = await mk(other.id);
    await expect(setClockSpeed({ ctx: ctx(), input: { speed: 60 } })).rejects.toMatchObject({ code: "UnsupportedOperation", message: expect.stringContaining("of another team") });
    const mine = await mk(w.team.id);
    const err = await setClockSpeed({ ctx: ctx(), input: { speed: 3600 } }).catch((e) => e);
    expect(err.message).toContain(mine.id);
    expect(err.message).not.toContain(theirs.id);
    expect(clock.speed).toBe(1);
    // 1× stays allowed, and the console is told why warping is off.
    await setClockSpeed({ ctx: ctx(), input: { speed: 1 } });
    expect((await describeClock({ ctx: ctx(), input: {} })).warpRefused).toContain("Real VMs are running");
    // Once they are gone, the warp goes through.
    await w.db.instance.updateMany({ where: { provider: "qemu" }, data: { state: "terminated" } });
    await setClockSpeed({ ctx: ctx(), input: { speed: 60 } });
    expect(clock.speed).toBe(60);
    const refused = await w.db.auditEvent.count({ where: { action: "SetClockSpeed", result: "UnsupportedOperation" } });
    expect(refused).toBe(2);
  });

  it("can't warp a clock that isn't warpable (tests' manual clock)", async () => {
    await expect(setClockSpeed({ ctx: w.ctx(), input: { speed: 60 } })).rejects.toMatchObject({ code: "UnsupportedOperation" });
    expect((await describeClock({ ctx: w.ctx(), input: {} })).denied).toMatch(/can't be warped/);
    expect((await describeClock({ ctx: w.ctx("operator"), input: {} })).denied).toBe("Operators can't warp the simulated clock.");
  });
});
