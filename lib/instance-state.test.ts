import { describe, expect, it } from "vitest";
import { can, canTransition, STATE_CODE, STATES } from "./instance-state";

describe("instance state machine", () => {
  it("uses EC2's state codes", () => {
    expect(STATE_CODE).toEqual({ pending: 0, running: 16, "shutting-down": 32, terminated: 48, stopping: 64, stopped: 80 });
  });

  it("allows only the lifecycle's transitions", () => {
    expect(canTransition("pending", "running")).toBe(true);
    expect(canTransition("running", "stopping")).toBe(true);
    expect(canTransition("stopping", "stopped")).toBe(true);
    expect(canTransition("stopped", "pending")).toBe(true);
    expect(canTransition("shutting-down", "terminated")).toBe(true);
    expect(canTransition("terminated", "running")).toBe(false);
    expect(canTransition("stopped", "running")).toBe(false);
    expect(canTransition("pending", "stopped")).toBe(false);
    for (const s of STATES) expect(canTransition("terminated", s)).toBe(false);
  });

  it.each([
    ["reboot", { state: "running" }, true],
    ["reboot", { state: "pending" }, false],
    ["stop", { state: "running", rootDeviceType: "ebs" }, true],
    ["stop", { state: "running", rootDeviceType: "instance-store" }, false],
    ["start", { state: "stopped", rootDeviceType: "ebs" }, true],
    ["start", { state: "running", rootDeviceType: "ebs" }, false],
    ["terminate", { state: "stopped" }, true],
    ["terminate", { state: "terminated" }, false],
    ["terminate", { state: "shutting-down" }, false],
    ["simulateFailure", { state: "running" }, true],
    ["simulateFailure", { state: "stopped" }, false],
  ] as const)("%s on %o → %s", (action, subject, ok) => {
    expect(can[action](subject).ok).toBe(ok);
  });

  it("says why an action is not allowed", () => {
    const v = can.stop({ state: "running", rootDeviceType: "instance-store" });
    expect(v).toEqual({ ok: false, code: "UnsupportedOperation", reason: expect.stringContaining("Instance-store instances can't be stopped") });
    const r = can.reboot({ state: "stopped" });
    expect(r.ok === false && r.reason).toBe("Only running instances can be rebooted; this one is stopped.");
  });
});
