import { ec2Details } from "./ec2-details";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { launchInstances } from "./launch";
import { terminateInstances, rebootInstances, stopInstances, startInstances, simulateFailure } from "./actions";
import { Reconciler } from "../../reconciler/reconciler";
import { SimProvider } from "../../providers/sim";
import { isServiceError } from "../../errors";
import type { transaction } from "../../sql/read-rows";
import { whileHoldingWriteLock } from "../../testing/write-lock";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(async () => {
  await w.close();
});

const reconciler = () => new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]]));


async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "no error";
  } catch (e) {
    if (isServiceError(e)) return e.code;
    throw e;
  }
}

describe("launch", () => {
  it("creates one reservation with launch indexes 0..n-1 and distinct addresses", async () => {
    const r = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", instanceType: "m1.small", minCount: 3 } });
    expect(r.reservationId).toMatch(/^r-[0-9a-f]{17}$/);
    expect(r.instances.map((i) => i.launchIndex)).toEqual([0, 1, 2]);
    expect(r.instances.every((i) => i.state === "pending" && i.stateCode === 0)).toBe(true);
    expect(new Set(r.instances.map((i) => i.publicIp)).size).toBe(3);
    expect(new Set(r.instances.map((i) => i.privateIp)).size).toBe(3);
    for (const i of r.instances) {
      expect(i.privateIp).toMatch(/^172\.31\./);
      expect(i.publicIp).toMatch(/^(203\.0\.113|198\.51\.100|192\.0\.2)\./);
      expect(i.publicDns).toBe(`ec2-${i.publicIp!.replaceAll(".", "-")}.compute.stratus.internal`);
      expect(i.groups.map((g) => g.name)).toEqual(["default"]);
    }
  });

  it("refuses an i386 image on a 64-bit type and creates nothing", async () => {
    const err = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", instanceType: "m1.large" } }).catch((e) => e);
    expect(err.code).toBe("InvalidParameterCombination");
    expect(err.message).toContain("m1.large takes 64-bit (x86_64) images only");
    expect(await w.db.instance.count()).toBe(0);
    expect(await w.db.reservation.count()).toBe(0);
    const audit = await w.db.auditEvent.findFirst({ where: { action: "RunInstances" } });
    expect(audit?.result).toBe("InvalidParameterCombination");
  });

  it("rejects bad input with EC2 codes", async () => {
    const ctx = w.ctx();
    expect(await codeOf(launchInstances({ ctx, input: { imageId: "ami-00000000" } }))).toBe("InvalidAMIID.NotFound");
    expect(await codeOf(launchInstances({ ctx, input: { imageId: "nope" } }))).toBe("InvalidAMIID.Malformed");
    expect(await codeOf(launchInstances({ ctx, input: { imageId: "ami-f51aff9c", instanceType: "m1.small" } }))).toBe("InvalidParameterCombination");
    expect(await codeOf(launchInstances({ ctx, input: { imageId: "ami-f937d290", minCount: 0 } }))).toBe("InvalidParameterValue");
    expect(await codeOf(launchInstances({ ctx, input: { imageId: "ami-f937d290", minCount: 3, maxCount: 2 } }))).toBe("InvalidParameterValue");
    expect(await codeOf(launchInstances({ ctx, input: { imageId: "ami-f937d290", minCount: 21 } }))).toBe("InstanceLimitExceeded");
    expect(await codeOf(launchInstances({ ctx, input: { imageId: "ami-f937d290", keyName: "missing" } }))).toBe("InvalidKeyPair.NotFound");
    expect(await codeOf(launchInstances({ ctx, input: { imageId: "ami-f937d290", securityGroups: ["nope"] } }))).toBe("InvalidGroup.NotFound");
    const big = Buffer.alloc(16 * 1024 + 1, 65).toString("base64");
    expect(await codeOf(launchInstances({ ctx, input: { imageId: "ami-f937d290", userData: big } }))).toBe("InvalidParameterValue");
    const exact = Buffer.alloc(16 * 1024, 65).toString("base64");
    expect(await codeOf(launchInstances({ ctx, input: { imageId: "ami-f937d290", userData: exact } }))).toBe("no error");
    expect(await w.db.instance.count()).toBe(1);
  });

  it("launches as many as the limit allows between min and max", async () => {
    await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 5 } });
    const r = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 2, maxCount: 10 } });
    expect(r.instances).toHaveLength(5);
    expect(await codeOf(launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290" } }))).toBe("InstanceLimitExceeded");
  });

  it("returns the same reservation for a retried idempotency token", async () => {
    const input = { imageId: "ami-f937d290", minCount: 2, clientToken: "retry-1" };
    const a = await launchInstances({ ctx: w.ctx(), input });
    const b = await launchInstances({ ctx: w.ctx(), input });
    expect(b.reservationId).toBe(a.reservationId);
    expect(await w.db.instance.count()).toBe(2);
    expect(await codeOf(launchInstances({ ctx: w.ctx(), input: { ...input, minCount: 3 } }))).toBe("IdempotentParameterMismatch");
  });

  it("gives the EC2 details of what it launched exactly as they read back", async () => {
    const ctx = w.ctx();
    const ebs = await launchInstances({
      ctx,
      input: {
        imageId: "ami-a6c13bcf", instanceType: "m1.large", minCount: 2, clientToken: "details-1", tokensRequired: true, disableApiStop: true, shutdownBehavior: "stop",
        rootVolume: { sizeGiB: 30, volumeType: "gp3", deleteOnTermination: false }, metadata: { httpPutResponseHopLimit: 3, instanceMetadataTags: "enabled" },
      },
    });
    const store = await launchInstances({ ctx, input: { imageId: "ami-f937d290", disableApiTermination: true, ebsOptimized: true } });
    // An empty token is no token (the API passes ClientToken= through as it came).
    const blankToken = await launchInstances({ ctx, input: { imageId: "ami-f937d290", clientToken: "" } });
    for (const r of [ebs, store, blankToken]) {
      const read = await ec2Details(ctx, r.instances.map((i) => i.id));
      expect(r.ec2).toEqual(r.instances.map((i) => read.get(i.id)));
    }
    expect(ebs.ec2![0]).toMatchObject({ clientToken: "details-1", shutdownBehavior: "stop", volumes: [{ deleteOnTermination: false }] });
    // An earlier launch returned for its token is read, not given.
    expect((await launchInstances({ ctx, input: { imageId: "ami-a6c13bcf", instanceType: "m1.large", minCount: 2, clientToken: "details-1", tokensRequired: true, disableApiStop: true, shutdownBehavior: "stop", rootVolume: { sizeGiB: 30, volumeType: "gp3", deleteOnTermination: false }, metadata: { httpPutResponseHopLimit: 3, instanceMetadataTags: "enabled" } } })).ec2).toBeUndefined();
  });

  it("a refused launch leaves its token unclaimed: the retry, once it can launch, does", async () => {
    await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 1 } });
    const input = { imageId: "ami-f937d290", minCount: 2, clientToken: "refused-then-ok" };
    expect(await codeOf(launchInstances({ ctx: w.ctx(), input }))).toBe("InstanceLimitExceeded");
    expect(await w.db.reservation.count({ where: { clientToken: "refused-then-ok" } })).toBe(0);
    await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 5 } });
    const r = await launchInstances({ ctx: w.ctx(), input });
    expect(r.instances).toHaveLength(2);
    expect(await w.db.reservation.findFirst({ where: { clientToken: "refused-then-ok" } })).toMatchObject({ id: r.reservationId });
  });

  it("a token sent to two replicas at once launches once: both get the one reservation", async () => {
    // A second client on the same database plays another replica (PostgreSQL; an
    // embedded SQLite file has one server process, so there it is the same client).
    const other = w.replica("other");
    const input = { imageId: "ami-f937d290", minCount: 3, clientToken: "both-replicas" };
    const results = await Promise.all(Array.from({ length: 8 }, (_, n) => launchInstances({ ctx: { ...w.ctx(), db: n % 2 ? other : w.db }, input })));
    expect(new Set(results.map((r) => r.reservationId)).size).toBe(1);
    expect(await w.db.reservation.count({ where: { clientToken: "both-replicas" } })).toBe(1);
    expect(await w.db.instance.count()).toBe(3);
  });

  it("never hands out the same address twice under concurrent launches", async () => {
    await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 500 } });
    const results = await Promise.all(Array.from({ length: 10 }, () => launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 20 } })));
    const all = results.flatMap((r) => r.instances);
    expect(all).toHaveLength(200);
    expect(new Set(all.map((i) => i.publicIp)).size).toBe(200);
    expect(new Set(all.map((i) => i.privateIp)).size).toBe(200);
  });

  it("hides another team's instances: not found, never forbidden", async () => {
    const mine = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290" } });
    const other = await w.addTeam("Globex");
    const err = await terminateInstances({ ctx: w.ctx("admin", other), input: { instanceIds: [mine.instances[0].id] } }).catch((e) => e);
    expect(err.code).toBe("InvalidInstanceID.NotFound");
  });

  it("never lets concurrent launches, on two replicas, pass the limit or share a seq", async () => {
    const other = w.replica("other");
    await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 12 } });
    const codes = await Promise.all(Array.from({ length: 30 }, (_, n) => codeOf(launchInstances({ ctx: { ...w.ctx(), db: n % 2 ? other : w.db }, input: { imageId: "ami-f937d290" } }))));
    expect(codes.filter((c) => c === "no error")).toHaveLength(12);
    expect(codes.filter((c) => c === "InstanceLimitExceeded")).toHaveLength(18);
    const rows = await w.db.instance.findMany({ select: { seq: true, publicIp: true, privateIp: true, subnetId: true } });
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.seq)).size).toBe(12);
    expect(new Set(rows.map((r) => r.publicIp)).size).toBe(12);
    expect(new Set(rows.map((r) => `${r.subnetId} ${r.privateIp}`)).size).toBe(12);
    // Each launch wrote its audit record with it, and each refusal one of its own.
    expect(await w.db.auditEvent.count({ where: { action: "RunInstances", result: "success" } })).toBe(12);
    expect(await w.db.auditEvent.count({ where: { action: "RunInstances", result: "InstanceLimitExceeded" } })).toBe(18);
  });

  it("refuses a launch whose group was deleted, or image deregistered, after its lookups and before it got the write lock", async () => {
    const group = await w.db.securityGroup.create({ data: { id: "sg-0000000000000web1", teamId: w.team.id, name: "web", createdAt: new Date() } });
    const whileLaunching = (change: (tx: Parameters<Parameters<typeof transaction>[1]>[0]) => Promise<unknown>, input: Record<string, unknown>) =>
      whileHoldingWriteLock(w.db, change, () => codeOf(launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", ...input } })));
    expect(await whileLaunching((tx) => tx.securityGroup.delete({ where: { id: group.id } }), { securityGroups: ["web"] })).toBe("InvalidGroup.NotFound");
    expect(await whileLaunching((tx) => tx.image.update({ where: { id: "ami-f937d290" }, data: { state: "deregistered" } }), {})).toBe("InvalidAMIID.NotFound");
    expect(await w.db.instance.count()).toBe(0);
    expect(await w.db.reservation.count()).toBe(0);
  });

});

describe("lifecycle on the sim provider", () => {
  it("boots, reboots, terminates, and records every transition", async () => {
    const ctx = w.ctx();
    const r = await launchInstances({ ctx, input: { imageId: "ami-f937d290", minCount: 2 } });
    const ids = r.instances.map((i) => i.id);
    const rec = reconciler();
    await rec.tick();
    expect((await w.db.instance.findMany()).every((i) => i.state === "pending")).toBe(true);
    w.clock.advance(60); // Fedora 8 boots in 45 s ± 20%
    await rec.tick();
    const running = await w.db.instance.findMany();
    expect(running.every((i) => i.state === "running")).toBe(true);
    // the recorded time is when the boot finished, not when it was noticed
    for (const i of running) expect(i.stateChangedAt.getTime()).toBeLessThan(w.clock.now().getTime());

    expect(await codeOf(stopInstances({ ctx, input: { instanceIds: [ids[0]] } }))).toBe("UnsupportedOperation");
    await rebootInstances({ ctx, input: { instanceIds: [ids[0]] } });
    await rec.tick();
    const before = running.find((i) => i.id === ids[0])!;
    const after = await w.db.instance.findUniqueOrThrow({ where: { id: ids[0] } });
    expect(after.publicIp).toBe(before.publicIp);
    expect(after.bootCount).toBe(2);

    const changes = await terminateInstances({ ctx, input: { instanceIds: ids } });
    expect(changes.map((c) => c.currentState.name)).toEqual(["shutting-down", "shutting-down"]);
    w.clock.advance(15);
    await rec.tick();
    const gone = await w.db.instance.findMany();
    expect(gone.every((i) => i.state === "terminated" && i.publicIp === null && i.terminatedAt)).toBe(true);
    const history = await w.db.stateTransition.findMany({ where: { instanceId: ids[0] }, orderBy: { id: "asc" } });
    expect(history.map((h) => h.toState)).toEqual(["pending", "running", "running", "shutting-down", "terminated"]);
    expect(await codeOf(rebootInstances({ ctx, input: { instanceIds: [ids[0]] } }))).toBe("IncorrectInstanceState");
  });

  it("stops and starts an EBS instance with a new public address and the same private one", async () => {
    const ctx = w.ctx();
    const r = await launchInstances({ ctx, input: { imageId: "ami-a6c13bcf", instanceType: "m1.large" } });
    const id = r.instances[0].id;
    const rec = reconciler();
    w.clock.advance(60);
    await rec.tick();
    await stopInstances({ ctx, input: { instanceIds: [id] } });
    w.clock.advance(30);
    await rec.tick();
    const stopped = await w.db.instance.findUniqueOrThrow({ where: { id } });
    expect(stopped.state).toBe("stopped");
    expect(stopped.publicIp).toBeNull();
    expect(stopped.privateIp).toBe(r.instances[0].privateIp);
    await startInstances({ ctx, input: { instanceIds: [id] } });
    w.clock.advance(60);
    await rec.tick();
    const again = await w.db.instance.findUniqueOrThrow({ where: { id } });
    expect(again.state).toBe("running");
    expect(again.publicIp).not.toBeNull();
    expect(again.publicIp).not.toBe(r.instances[0].publicIp);
  });

  it("a simulated hardware failure terminates with Server.InternalError and loses storage", async () => {
    const ctx = w.ctx();
    const r = await launchInstances({ ctx, input: { imageId: "ami-f937d290" } });
    const rec = reconciler();
    w.clock.advance(60);
    await rec.tick();
    expect(await codeOf(simulateFailure({ ctx: w.ctx("operator"), input: { instanceId: r.instances[0].id } }))).toBe("UnauthorizedOperation");
    await simulateFailure({ ctx, input: { instanceId: r.instances[0].id } });
    await rec.tick();
    const dead = await w.db.instance.findUniqueOrThrow({ where: { id: r.instances[0].id } });
    expect(dead.state).toBe("terminated");
    expect(dead.stateReasonCode).toBe("Server.InternalError");
    expect(dead.storageLost).toBe(true);
  });

  it("a verb that lands while the reconciler is mid-pass wins: the stale observation is dropped", async () => {
    // A provider that lets a stop commit between its observation and the write.
    class Racing extends SimProvider {
      during: (() => Promise<unknown>) | null = null;
      override async reconcile(...args: Parameters<SimProvider["reconcile"]>) {
        const o = await super.reconcile(...args);
        const f = this.during;
        this.during = null;
        await f?.();
        return o;
      }
    }
    const sim = new Racing();
    const rec = new Reconciler(w.db, w.clock, new Map([["sim", sim]]));
    const ebs = (await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-a6c13bcf", instanceType: "m1.large" } })).instances[0].id;
    w.clock.advance(120);
    await rec.tick();
    await rebootInstances({ ctx: w.ctx(), input: { instanceIds: [ebs] } });
    sim.during = () => stopInstances({ ctx: w.ctx(), input: { instanceIds: [ebs] } });
    await rec.tick();
    const mid = await w.db.instance.findUniqueOrThrow({ where: { id: ebs } });
    expect([mid.state, mid.desiredState]).toEqual(["stopping", "stopped"]);
    expect(mid.nextCheckAt).not.toBeNull();
    w.clock.advance(300);
    await rec.tick();
    expect((await w.db.instance.findUniqueOrThrow({ where: { id: ebs } })).state).toBe("stopped");
  });

  it("a real-VM image that can't start on this host is refused with the reason and the fix, creating nothing", async () => {
    // The test data directory has no built Tiny Linux image.
    await expect(launchInstances({ ctx: w.ctx(), input: { imageId: "ami-71e1b005", instanceType: "m1.large" } })).rejects.toMatchObject({
      code: "InvalidAMIID.Unavailable",
      message: expect.stringMatching(/Fix: (npm run images:build|.*apt-get install)/),
    });
    expect(await w.db.instance.count()).toBe(0);
  });
});
