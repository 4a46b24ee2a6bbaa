// Instance groups against a real SQLite file: the group launches its members
// spread over zones; failed, retired and terminated members are replaced
// exactly once (also with two failures and two keepers at once); it scales by
// hand and on a schedule; a zone outage heals in the other zones; the group's
// Elastic IP follows an in-service member; health checks replace a member
// nobody can reach; every step is in the activity history.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { Reconciler } from "../../reconciler/reconciler";
import { GroupKeeper } from "../../reconciler/group-keeper";
import { SimProvider } from "../../providers/sim";
import { createLaunchTemplate } from "../launch-templates/templates";
import { createGroup, setDesiredCapacity, updateGroup, deleteGroup, describeGroup } from "./groups";
import { describeActivities } from "./activities";
import { putScheduledAction } from "./schedule";
import { startZoneOutage, endZoneOutage } from "./outage";
import { reconcileGroup, GROUP_TAG } from "./reconcile";
import { simulateFailure, terminateInstances } from "../instances/actions";
import { scheduleEvent } from "../instances/events";
import { launchInstances } from "../instances/launch";
import { allocateAddress } from "../addresses/elastic-ips";
import { authorizeIngress } from "../groups/groups";
import { probeHealth } from "./health";
import { systemCtx } from "../system";

let w: TestWorld;
let rec: Reconciler;
let keeper: GroupKeeper;
const providers = new Map([["sim", new SimProvider()]]);

beforeEach(async () => {
  w = await testWorld();
  rec = new Reconciler(w.db, w.clock, providers);
  keeper = new GroupKeeper(w.db, w.clock, providers);
  await createLaunchTemplate({ ctx: w.ctx(), input: { name: "web", data: { imageId: "ami-f937d290", instanceType: "m1.small", tags: [{ key: "Name", value: "web" }] } } });
});
afterEach(() => w.close());

/** Lets the simulated cloud and the keeper run for `seconds`. */
async function settle(seconds = 120) {
  await keeper.tick();
  w.clock.advance(seconds);
  await rec.tick();
  await keeper.tick();
  await rec.tick();
}

async function group(name = "site", extra: Record<string, unknown> = {}) {
  await createGroup({ ctx: w.ctx(), input: { name, templateName: "web", minSize: 1, maxSize: 6, desired: 3, zones: ["us-east-1a", "us-east-1b", "us-east-1c"], ...extra } });
  await settle();
  return describeGroup({ ctx: w.ctx(), input: { name } });
}

const live = async () => w.db.instance.count({ where: { teamId: w.team.id, state: { in: ["pending", "running"] } } });
const activities = async (name = "site") => (await describeActivities({ ctx: w.ctx("viewer"), input: { name } })).activities;

describe("instance groups keep their desired count", () => {
  it("launches the desired members, one per zone, tagged with the group, and puts them in service", async () => {
    const g = await group();
    expect(g.members).toHaveLength(3);
    expect(g.members.map((m) => m.zone).sort()).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
    expect(g.members.every((m) => m.lifecycle === "InService" && m.state === "running")).toBe(true);
    expect(g.inService).toBe(3);
    const tags = await w.db.tag.findMany({ where: { resourceId: { in: g.members.map((m) => m.instanceId) } } });
    expect(tags.filter((t) => t.key === GROUP_TAG).map((t) => t.value)).toEqual(["site", "site", "site"]);
    expect(tags.filter((t) => t.key === "Name")).toHaveLength(3);
    const acts = await activities();
    expect(acts.filter((a) => a.description.startsWith("Launching a new EC2 instance: i-"))).toHaveLength(3);
    expect(acts.every((a) => a.status === "Successful")).toBe(true);
  });

  it("replaces a member whose hardware failed, and says so in the history", async () => {
    const g = await group();
    const victim = g.members[1];
    await simulateFailure({ ctx: w.ctx(), input: { instanceId: victim.instanceId } });
    await rec.tick();
    await keeper.tick();
    const after = await describeGroup({ ctx: w.ctx(), input: { name: "site" } });
    expect(after.members).toHaveLength(3);
    expect(after.members.map((m) => m.instanceId)).not.toContain(victim.instanceId);
    const fresh = after.members.find((m) => m.slot === victim.slot)!;
    expect(fresh.zone).toBe(victim.zone); // the zone that lost a member gets it back
    expect(fresh.lifecycle).toBe("Pending");
    const acts = await activities();
    const out = acts.find((a) => a.description === `Terminating EC2 instance: ${victim.instanceId}`)!;
    expect(out.cause).toMatch(/taken out of service in response to an EC2 health check indicating it has been terminated \(Server.InternalError: .*hardware failed/);
    const launch = acts.find((a) => a.instanceId === fresh.instanceId)!;
    expect(launch).toMatchObject({ status: "InProgress", description: `Launching a new EC2 instance: ${fresh.instanceId}` });
    expect(launch.cause).toContain(`It replaces ${victim.instanceId}.`);
    await settle();
    expect((await activities()).find((a) => a.instanceId === fresh.instanceId)!.status).toBe("Successful");
    const audit = await w.db.auditEvent.findMany({ where: { action: "ReconcileInstanceGroup" } });
    expect(audit.some((a) => a.actorLabel === "instance-group:site" && a.targets.includes(fresh.instanceId))).toBe(true);
  });

  it("two concurrent failures and two keepers at once: exactly two replacements", async () => {
    const g = await group();
    const [a, b] = g.members;
    await Promise.all([a, b].map((m) => simulateFailure({ ctx: w.ctx(), input: { instanceId: m.instanceId } })));
    await rec.tick();
    const other = new GroupKeeper(w.db, w.clock, providers);
    const ctx = systemCtx(w.db, w.clock, w.team, "instance-group:site");
    await Promise.all([keeper.tick(), other.tick(), reconcileGroup({ ctx, input: { groupId: g.id } }), reconcileGroup({ ctx, input: { groupId: g.id } })]);
    await Promise.all([keeper.tick(), other.tick()]);
    expect(await w.db.instance.count({ where: { teamId: w.team.id } })).toBe(5);
    expect(await live()).toBe(3);
    const after = await describeGroup({ ctx: w.ctx(), input: { name: "site" } });
    expect(after.members.map((m) => m.slot).sort()).toEqual([0, 1, 2]);
    expect((await activities()).filter((x) => x.description.startsWith("Launching"))).toHaveLength(5);
  });

  it("a slot can't be filled twice: the database refuses a second member in it", async () => {
    const g = await group();
    const m = g.members[0];
    await expect(
      w.db.scalingGroupMember.create({ data: { groupId: g.id, slot: m.slot, instanceId: "i-0000000000000dead", teamId: w.team.id, availabilityZone: m.zone, lifecycle: "Pending", joinedAt: new Date() } }),
    ).rejects.toThrow();
  });

  it("replaces a member someone terminated, and one retired by a scheduled event", async () => {
    const g = await group();
    await terminateInstances({ ctx: w.ctx("operator"), input: { instanceIds: [g.members[0].instanceId] } });
    await scheduleEvent({ ctx: w.ctx(), input: { instanceId: g.members[2].instanceId, code: "instance-retirement", notBefore: new Date(w.clock.now().getTime() + 600_000).toISOString() } });
    w.clock.advance(601);
    await rec.tick();
    await keeper.tick();
    expect(await live()).toBe(3);
    const acts = await activities();
    expect(acts.find((a) => a.instanceId === g.members[0].instanceId)!.cause).toContain("(Client.UserInitiatedShutdown: User initiated shutdown)");
    expect(acts.find((a) => a.instanceId === g.members[2].instanceId)!.cause).toContain("a scheduled retirement event");
  });

  it("scales out and in by hand, keeping zones balanced and the hour nearly used up going first", async () => {
    await group();
    await setDesiredCapacity({ ctx: w.ctx("operator"), input: { name: "site", desired: 6 } });
    await settle();
    let g = await describeGroup({ ctx: w.ctx(), input: { name: "site" } });
    expect(g.inService).toBe(6);
    expect(["us-east-1a", "us-east-1b", "us-east-1c"].map((z) => g.members.filter((m) => m.zone === z).length)).toEqual([2, 2, 2]);
    await setDesiredCapacity({ ctx: w.ctx(), input: { name: "site", desired: 3 } });
    await keeper.tick();
    g = await describeGroup({ ctx: w.ctx(), input: { name: "site" } });
    expect(g.members).toHaveLength(3);
    expect(g.members.map((m) => m.zone).sort()).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
    // The first three were launched earlier: their started hour is nearer its end, so they went.
    const oldest = (await activities()).filter((a) => a.description.startsWith("Terminating")).map((a) => a.cause);
    expect(oldest).toHaveLength(3);
    expect(oldest[0]).toContain("shrinking the capacity from 6 to 3");
    await expect(setDesiredCapacity({ ctx: w.ctx(), input: { name: "site", desired: 7 } })).rejects.toMatchObject({ code: "ValidationError", message: "New SetDesiredCapacity value 7 is above max value 6 for the AutoScalingGroup." });
    await expect(setDesiredCapacity({ ctx: w.ctx("viewer"), input: { name: "site", desired: 2 } })).rejects.toMatchObject({ code: "UnauthorizedOperation" });
  });

  it("scales on a schedule (simulated time, cron in UTC) and ends one-time actions", async () => {
    await group();
    const start = w.clock.now();
    await putScheduledAction({ ctx: w.ctx(), input: { groupName: "site", name: "night", recurrence: "0 * * * *", desired: 1 } });
    await putScheduledAction({ ctx: w.ctx(), input: { groupName: "site", name: "launch-day", startTime: new Date(start.getTime() + 2 * 3600_000 + 60_000).toISOString(), desired: 5 } });
    w.clock.set(new Date(Math.ceil(start.getTime() / 3600_000) * 3600_000 + 1000));
    await keeper.tick();
    expect((await describeGroup({ ctx: w.ctx(), input: { name: "site" } })).desired).toBe(1);
    expect(await live()).toBe(1);
    w.clock.set(new Date(start.getTime() + 2 * 3600_000 + 61_000));
    await keeper.tick();
    const g = await describeGroup({ ctx: w.ctx(), input: { name: "site" } });
    expect(g.desired).toBe(5);
    expect(g.members).toHaveLength(5);
    expect(await w.db.scheduledScaling.count()).toBe(1);
    expect((await activities()).some((a) => a.cause.includes("a scheduled action update of AutoScalingGroup constraints to min: 1, max: 6, desired: 5"))).toBe(true);
    await expect(putScheduledAction({ ctx: w.ctx(), input: { groupName: "site", name: "bad", recurrence: "every hour", desired: 1 } })).rejects.toMatchObject({ code: "ValidationError", field: "recurrence" });
  });

  it("refuses impossible sizes, unknown templates and names taken, with the field", async () => {
    const base = { templateName: "web", zones: ["us-east-1a"] };
    await expect(createGroup({ ctx: w.ctx(), input: { name: "x", ...base, minSize: 3, maxSize: 2 } })).rejects.toMatchObject({ code: "ValidationError", field: "maxSize" });
    await expect(createGroup({ ctx: w.ctx(), input: { name: "x", ...base, minSize: 1, maxSize: 2, desired: 5 } })).rejects.toMatchObject({ code: "ValidationError", field: "desired" });
    await expect(createGroup({ ctx: w.ctx(), input: { name: "x", templateName: "nope", zones: ["us-east-1a"], minSize: 1, maxSize: 1 } })).rejects.toMatchObject({ code: "InvalidLaunchTemplateName.NotFoundException" });
    await expect(createGroup({ ctx: w.ctx(), input: { name: "x", ...base, zones: ["mars-1a"], minSize: 1, maxSize: 1 } })).rejects.toMatchObject({ field: "zones" });
    await expect(createGroup({ ctx: w.ctx(), input: { name: "x", ...base, minSize: 1, maxSize: 1, healthCheckType: "HTTP" } })).rejects.toMatchObject({ field: "healthCheckPort" });
    await expect(createGroup({ ctx: w.ctx(), input: { name: "x", ...base, minSize: 0, maxSize: 1, tags: [{ key: "k", value: "bell\u0007" }] } })).rejects.toMatchObject({ message: "Tag values can't contain control characters (U+0007 at character 5).", field: "tags.0.value" });
    await createGroup({ ctx: w.ctx(), input: { name: "x", ...base, minSize: 0, maxSize: 1 } });
    await expect(createGroup({ ctx: w.ctx(), input: { name: "x", ...base, minSize: 0, maxSize: 1 } })).rejects.toMatchObject({ code: "AlreadyExists" });
    const other = await w.addTeam("Other");
    await expect(describeGroup({ ctx: w.ctx("admin", other), input: { name: "x" } })).rejects.toMatchObject({ code: "ValidationError" });
  });

  it("retries a launch the team's limit refuses, with the reason in the history", async () => {
    await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 2 } });
    await group();
    expect(await live()).toBe(2);
    const failed = (await activities()).find((a) => a.status === "Failed")!;
    expect(failed.statusMessage).toMatch(/^InstanceLimitExceeded: .*Trying again in 10 seconds/);
    const failures = (await activities()).filter((a) => a.status === "Failed").length;
    await keeper.tick(); // backing off: nothing new
    expect((await activities()).filter((a) => a.status === "Failed")).toHaveLength(failures);
    await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 20 } });
    w.clock.advance(11);
    await keeper.tick();
    expect(await live()).toBe(3);
  });

  it("deletes a group only when empty, or with its instances when forced", async () => {
    const g = await group();
    await expect(deleteGroup({ ctx: w.ctx(), input: { name: "site" } })).rejects.toMatchObject({ code: "ResourceInUse" });
    const r = await deleteGroup({ ctx: w.ctx(), input: { name: "site", force: true } });
    expect(r.terminated.sort()).toEqual(g.members.map((m) => m.instanceId).sort());
    expect(await w.db.instance.count({ where: { state: "shutting-down" } })).toBe(3);
    await keeper.tick();
    expect(await w.db.instance.count({ where: { state: "pending" } })).toBe(0);
  });
});

describe("a data-centre outage", () => {
  it("kills the team's simulated instances in the zone; the group heals in the other zones; launches there are refused until it ends", async () => {
    const g = await group("site", { desired: 4 });
    const other = await w.addTeam("Other");
    const theirs = (await launchInstances({ ctx: w.ctx("admin", other), input: { imageId: "ami-f937d290", availabilityZone: "us-east-1a" } })).instances[0].id;
    const inA = g.members.filter((m) => m.zone === "us-east-1a").map((m) => m.instanceId);
    expect(inA.length).toBeGreaterThan(0);
    await expect(startZoneOutage({ ctx: w.ctx("operator"), input: { zone: "us-east-1a" } })).rejects.toMatchObject({ code: "UnauthorizedOperation" });
    const o = await startZoneOutage({ ctx: w.ctx(), input: { zone: "us-east-1a", minutes: 30 } });
    expect(o.instancesLost.sort()).toEqual(inA.sort());
    await rec.tick();
    const dead = await w.db.instance.findMany({ where: { id: { in: inA } } });
    expect(dead.every((i) => i.state === "terminated" && i.storageLost && /availability zone went down/.test(i.stateReasonMsg))).toBe(true);
    expect((await w.db.instance.findUniqueOrThrow({ where: { id: theirs } })).state).not.toBe("terminated");
    await settle();
    const healed = await describeGroup({ ctx: w.ctx(), input: { name: "site" } });
    expect(healed.inService).toBe(4);
    expect(healed.members.some((m) => m.zone === "us-east-1a")).toBe(false);
    await expect(launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", availabilityZone: "us-east-1a" } })).rejects.toMatchObject({ code: "InsufficientInstanceCapacity", field: "availabilityZone" });
    const anywhere = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 3 } });
    expect(anywhere.instances.every((i) => i.availabilityZone !== "us-east-1a")).toBe(true);
    await endZoneOutage({ ctx: w.ctx(), input: { zone: "us-east-1a" } });
    await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", availabilityZone: "us-east-1a" } });
  });

  it("when every zone of the group is down, the failure is in the history and the group retries", async () => {
    await group("solo", { desired: 1, zones: ["us-east-1b"] });
    await startZoneOutage({ ctx: w.ctx(), input: { zone: "us-east-1b", minutes: 5 } });
    await rec.tick();
    await keeper.tick();
    const failed = (await activities("solo")).find((a) => a.status === "Failed")!;
    expect(failed.statusMessage).toContain("Every availability zone of the group is down (us-east-1b)");
    w.clock.advance(301); // the outage ends by itself
    await keeper.tick();
    expect((await describeGroup({ ctx: w.ctx(), input: { name: "solo" } })).members).toHaveLength(1);
  });
});

describe("the group's Elastic IP and health checks", () => {
  it("keeps its Elastic IP on an in-service member, moving it when that member dies", async () => {
    const eip = await allocateAddress({ ctx: w.ctx(), input: {} });
    const g = await group("site", { desired: 2, elasticIpId: eip.allocationId });
    await keeper.tick();
    const holder = (await w.db.elasticIp.findUniqueOrThrow({ where: { id: eip.allocationId } })).instanceId!;
    expect(g.members.map((m) => m.instanceId)).toContain(holder);
    await simulateFailure({ ctx: w.ctx(), input: { instanceId: holder } });
    await rec.tick();
    await keeper.tick();
    const moved = (await w.db.elasticIp.findUniqueOrThrow({ where: { id: eip.allocationId } })).instanceId!;
    expect(moved).not.toBe(holder);
    expect((await w.db.instance.findUniqueOrThrow({ where: { id: moved } })).publicIp).toBe(eip.publicIp);
    expect((await activities()).some((a) => a.description === `Moving Elastic IP ${eip.publicIp} to ${moved}`)).toBe(true);
  });

  it("a TCP health check nobody can pass replaces the member; opening the port keeps it", async () => {
    await group("checked", { desired: 1, zones: ["us-east-1a"], healthCheckType: "TCP", healthCheckPort: 80, gracePeriod: 0 });
    const first = (await describeGroup({ ctx: w.ctx(), input: { name: "checked" } })).members[0].instanceId;
    expect(await probeHealth(w.db, w.clock, providers)).toEqual([]);
    expect(await probeHealth(w.db, w.clock, providers)).toEqual([first]);
    await keeper.tick();
    const acts = await activities("checked");
    expect(acts.find((a) => a.instanceId === first && a.description.startsWith("Terminating"))!.cause).toContain("a health check failure: port 80/tcp is not reachable");
    await authorizeIngress({ ctx: w.ctx(), input: { groupName: "default", rules: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidr: "0.0.0.0/0" }] } });
    await settle();
    expect(await probeHealth(w.db, w.clock, providers)).toEqual([]);
    expect(await probeHealth(w.db, w.clock, providers)).toEqual([]);
    expect((await describeGroup({ ctx: w.ctx(), input: { name: "checked" } })).members[0].health).toBe("Healthy");
  });

  it("an HTTP health check of a real VM goes through its NAT mapping: a 500 makes it unhealthy", async () => {
    const http = await import("node:http");
    let status = 200;
    const site = http.createServer((req, res) => res.writeHead(req.url === "/health" ? status : 404).end("ok"));
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", () => r()));
    const port = (site.address() as { port: number }).port;
    await group("vm", { desired: 1, zones: ["us-east-1a"], healthCheckType: "HTTP", healthCheckPort: 80, healthCheckPath: "/health", gracePeriod: 0 });
    const id = (await describeGroup({ ctx: w.ctx(), input: { name: "vm" } })).members[0].instanceId;
    // The member as a real VM would be: its port 80 mapped on the host.
    await w.db.instance.update({ where: { id }, data: { provider: "fakevm" } });
    const real = new Map<string, import("../../providers/types").ComputeProvider>([
      ["fakevm", { ...new SimProvider(), name: "fakevm", real: true, ports: (i: string) => (i === id ? [{ protocol: "tcp" as const, guestPort: 80, hostAddress: "127.0.0.1", hostPort: port, cidrs: ["0.0.0.0/0"] }] : []) } as never],
    ]);
    try {
      expect(await probeHealth(w.db, w.clock, real)).toEqual([]);
      status = 500;
      expect(await probeHealth(w.db, w.clock, real)).toEqual([]);
      expect(await probeHealth(w.db, w.clock, real)).toEqual([id]);
      const m = await w.db.scalingGroupMember.findUniqueOrThrow({ where: { instanceId: id } });
      expect(m).toMatchObject({ health: "Unhealthy", healthReason: "HTTP 500 from /health" });
    } finally {
      site.close();
    }
  });

  it("a new template version applies to members launched after it", async () => {
    const { createLaunchTemplateVersion } = await import("../launch-templates/templates");
    const g = await group("site", { desired: 1, templateVersion: "$Latest" });
    await createLaunchTemplateVersion({ ctx: w.ctx(), input: { templateName: "web", sourceVersion: "1", data: { tags: [{ key: "Name", value: "web-v2" }] } } });
    await updateGroup({ ctx: w.ctx(), input: { name: "site", desired: 2 } });
    await keeper.tick();
    const names = await w.db.tag.findMany({ where: { key: "Name", resourceId: { in: (await describeGroup({ ctx: w.ctx(), input: { name: "site" } })).members.map((m) => m.instanceId) } } });
    expect(names.find((t) => t.resourceId === g.members[0].instanceId)!.value).toBe("web");
    expect(names.filter((t) => t.value === "web-v2")).toHaveLength(1);
    await expect(updateGroup({ ctx: w.ctx(), input: { name: "site", templateVersion: "7" } })).rejects.toMatchObject({ code: "InvalidLaunchTemplateId.VersionNotFound" });
  });
});

describe("costs of instance groups", () => {
  it("bills members like instances, and the breakdown and Cost Explorer group by instance group", async () => {
    const { costReport } = await import("../costs/report");
    const { getCostAndUsage } = await import("../costs/cost-explorer");
    await group("site", { desired: 2 });
    await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290" } });
    w.clock.advance(3 * 3600);
    await rec.tick();
    const day = w.clock.now().toISOString().slice(0, 10);
    const next = new Date(w.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    const r = await costReport({ ctx: w.ctx("billing"), input: { from: day, to: next, groupBy: "group", compare: false } });
    const byKey = Object.fromEntries(r.groups.map((g) => [g.key, g]));
    // 2 members running just over 3 hours: 4 started hours each at $0.10 (the 2008 rule:
    // every started hour in full); the lone instance, launched 2 minutes later, just under 3.
    expect(byKey.site.compute).toBe("0.80");
    expect(byKey[""].compute).toBe("0.30");
    expect(byKey[""].label).toBe("(not in an instance group)");
    const only = await costReport({ ctx: w.ctx("billing"), input: { from: day, to: next, groupBy: "instance", filter: "group:site", compare: false } });
    expect(only.groups).toHaveLength(2);
    const ce = await getCostAndUsage({ ctx: w.ctx("billing"), input: { TimePeriod: { Start: day, End: next }, Granularity: "DAILY", Metrics: ["UnblendedCost"], GroupBy: [{ Type: "TAG", Key: GROUP_TAG }] } });
    const groups = ce.ResultsByTime[0].Groups.map((g) => [g.Keys[0], g.Metrics.UnblendedCost.Amount]);
    expect(groups).toEqual([[`${GROUP_TAG}$`, "0.30"], [`${GROUP_TAG}$site`, "0.80"]]);
  });
});
