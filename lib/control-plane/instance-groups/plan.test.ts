import { describe, expect, it } from "vitest";
import { freeSlots, outOfServiceCause, pickForTermination, secondsToNextHour, zonesForLaunches } from "./plan";
import { nextRunOf } from "./schedule";

const t = (iso: string) => new Date(iso);

describe("where new members go", () => {
  it("fills the emptiest up zone first, ties in the group's order", () => {
    expect(zonesForLaunches(["a", "b", "c"], new Set(), [], 4)).toEqual(["a", "b", "c", "a"]);
    expect(zonesForLaunches(["a", "b", "c"], new Set(), ["a", "a", "b"], 2)).toEqual(["c", "b"]);
  });
  it("skips zones that are down, and gives nothing when all are", () => {
    expect(zonesForLaunches(["a", "b"], new Set(["a"]), ["b"], 2)).toEqual(["b", "b"]);
    expect(zonesForLaunches(["a"], new Set(["a"]), [], 1)).toEqual([]);
  });
});

describe("who leaves when the group shrinks", () => {
  const now = t("2026-03-02T10:00:00Z");
  const m = (id: string, zone: string, launched: string, holdsEip = false, slot = 0) => ({ instanceId: id, zone, launchedAt: t(launched), holdsEip, slot });
  it("keeps zones balanced, then takes the one nearest its next billing hour", () => {
    const members = [m("i-a1", "a", "2026-03-02T09:05:00Z"), m("i-a2", "a", "2026-03-02T09:50:00Z"), m("i-b1", "b", "2026-03-02T08:01:00Z")];
    // i-a1 has 5 minutes of its paid hour left; i-a2 has 50
    expect(pickForTermination(members, 1, now)).toEqual(["i-a1"]);
    expect(pickForTermination(members, 2, now)).toEqual(["i-a1", "i-b1"]);
  });
  it("keeps the Elastic IP's holder while it can", () => {
    const members = [m("i-1", "a", "2026-03-02T09:05:00Z", true), m("i-2", "a", "2026-03-02T09:55:00Z")];
    expect(pickForTermination(members, 1, now)).toEqual(["i-2"]);
    expect(pickForTermination(members, 2, now)).toEqual(["i-2", "i-1"]);
  });
  it("counts seconds to the next started hour", () => {
    expect(secondsToNextHour(t("2026-03-02T09:00:00Z"), t("2026-03-02T09:59:00Z"))).toBe(60);
    expect(secondsToNextHour(t("2026-03-02T09:00:00Z"), t("2026-03-02T09:00:00Z"))).toBe(3600);
  });
});

describe("slots and causes", () => {
  it("gives the lowest free slots", () => {
    expect(freeSlots([0, 2, 5], 3)).toEqual([1, 3, 4]);
    expect(freeSlots([], 2)).toEqual([0, 1]);
  });
  it("names why a member left", () => {
    expect(outOfServiceCause({ state: "terminated", reasonCode: "Server.ScheduledStop", reasonMsg: "retired", health: "Healthy", healthReason: "" })).toBe("a scheduled retirement event: the instance was retired (Server.ScheduledStop: retired)");
    expect(outOfServiceCause({ state: "stopped", reasonCode: "", reasonMsg: "", health: "Healthy", healthReason: "" })).toBe("an EC2 health check indicating it has been stopped");
    expect(outOfServiceCause({ state: "running", reasonCode: "", reasonMsg: "", health: "Unhealthy", healthReason: "HTTP 500 from /" })).toBe("a health check failure: HTTP 500 from /");
    expect(outOfServiceCause({ state: null, reasonCode: "", reasonMsg: "", health: "Healthy", healthReason: "" })).toBe("its instance no longer exists");
  });
});

describe("schedules", () => {
  const now = t("2026-03-02T10:30:00Z");
  it("runs a cron recurrence in UTC, from its start time, until its end time", () => {
    expect(nextRunOf({ recurrence: "0 9 * * 1-5", startTime: null, endTime: null }, now)).toEqual(t("2026-03-03T09:00:00Z"));
    expect(nextRunOf({ recurrence: "*/15 * * * *", startTime: t("2026-03-04T00:00:00Z"), endTime: null }, now)).toEqual(t("2026-03-04T00:00:00Z"));
    expect(nextRunOf({ recurrence: "0 9 * * *", startTime: null, endTime: t("2026-03-03T08:00:00Z") }, now)).toBeNull();
  });
  it("runs a one-time action once, at its start time", () => {
    expect(nextRunOf({ recurrence: null, startTime: t("2026-03-02T11:00:00Z"), endTime: null }, now)).toEqual(t("2026-03-02T11:00:00Z"));
    expect(nextRunOf({ recurrence: null, startTime: t("2026-03-02T10:00:00Z"), endTime: null }, now)).toBeNull();
  });
  it("refuses what is not a five-field cron", () => {
    expect(() => nextRunOf({ recurrence: "0 0 9 * * *", startTime: null, endTime: null }, now)).toThrow(/five fields/);
  });
});
