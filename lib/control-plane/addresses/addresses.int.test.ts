import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { allocateAddress, associateAddress, disassociateAddress, releaseAddress, describeAddresses } from "./elastic-ips";
import { launchInstances } from "../instances/launch";
import { startInstances, stopInstances, terminateInstances } from "../instances/actions";
import { Reconciler } from "../../reconciler/reconciler";
import { SimProvider } from "../../providers/sim";
import { importKeyPair, createKeyPair, deleteKeyPair, describeKeyPairs } from "../keys/keys";
import { getInstance } from "../instances/list";
import { generateKeyPair } from "../../ssh/keys";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(() => w.close());

async function running(n: number, imageId = "ami-f937d290", instanceType = "m1.small") {
  const r = await launchInstances({ ctx: w.ctx(), input: { imageId, instanceType, minCount: n } });
  w.clock.advance(90);
  await new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]])).tick();
  return r.instances.map((i) => i.id);
}
const ipOf = async (id: string) => (await w.db.instance.findUniqueOrThrow({ where: { id } })).publicIp;

describe("Elastic IPs", () => {
  it("allocate, associate (replacing the address), move in one step, disassociate, release", async () => {
    const ctx = w.ctx("operator");
    const [a, b] = await running(2);
    const dynamicA = await ipOf(a);
    const eip = await allocateAddress({ ctx, input: {} });
    expect(eip.allocationId).toMatch(/^eipalloc-[0-9a-f]{17}$/);
    await associateAddress({ ctx, input: { allocationId: eip.allocationId, instanceId: a } });
    expect(await ipOf(a)).toBe(eip.publicIp);
    expect(dynamicA).not.toBe(eip.publicIp);
    // Moving an associated address needs AllowReassociation, as in EC2-VPC.
    await expect(associateAddress({ ctx, input: { allocationId: eip.allocationId, instanceId: b } })).rejects.toMatchObject({ code: "Resource.AlreadyAssociated" });
    expect(await ipOf(a)).toBe(eip.publicIp);
    // failover: move it to b in one call; a gets a new dynamic address
    const moved = await associateAddress({ ctx, input: { allocationId: eip.allocationId, instanceId: b, allowReassociation: true } });
    expect(moved.movedFrom).toBe(a);
    expect(await ipOf(b)).toBe(eip.publicIp);
    expect(await ipOf(a)).not.toBe(eip.publicIp);
    expect(await ipOf(a)).not.toBeNull();
    await expect(releaseAddress({ ctx, input: { allocationId: eip.allocationId } })).rejects.toMatchObject({ code: "InvalidIPAddress.InUse" });
    await disassociateAddress({ ctx, input: { allocationId: eip.allocationId } });
    expect(await ipOf(b)).not.toBe(eip.publicIp);
    await releaseAddress({ ctx, input: { allocationId: eip.allocationId } });
    expect(await describeAddresses({ ctx, input: {} })).toEqual([]);
    const events = await w.db.eipEvent.findMany({ where: { allocationId: eip.allocationId }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.kind, e.instanceId])).toEqual([["allocate", null], ["associate", a], ["disassociate", a], ["associate", b], ["disassociate", b], ["release", null]]);
  });

  it("refuses what EC2 refuses", async () => {
    const ctx = w.ctx();
    const [a] = await running(1);
    await expect(associateAddress({ ctx, input: { allocationId: "eipalloc-00000000000000000", instanceId: a } })).rejects.toMatchObject({ code: "InvalidAllocationID.NotFound" });
    const eip = await allocateAddress({ ctx, input: {} });
    const other = await w.addTeam("Other");
    await expect(associateAddress({ ctx: w.ctx("admin", other), input: { allocationId: eip.allocationId, instanceId: a } })).rejects.toMatchObject({ code: "InvalidAllocationID.NotFound" });
    for (let i = 0; i < 4; i++) await allocateAddress({ ctx, input: {} });
    await expect(allocateAddress({ ctx, input: {} })).rejects.toMatchObject({ code: "AddressLimitExceeded" });
    const [pending] = (await launchInstances({ ctx, input: { imageId: "ami-f937d290" } })).instances.map((i) => i.id);
    await expect(associateAddress({ ctx, input: { allocationId: eip.allocationId, instanceId: pending } })).rejects.toMatchObject({ code: "IncorrectInstanceState" });
    await expect(associateAddress({ ctx: w.ctx("viewer"), input: { allocationId: eip.allocationId, instanceId: a } })).rejects.toMatchObject({ code: "UnauthorizedOperation" });
  });

  it("a stopped instance keeps its Elastic IP (idle while stopped); a terminated one loses it", async () => {
    const ctx = w.ctx();
    const rec = new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]]));
    const [a] = await running(1, "ami-a6c13bcf", "m1.large");
    const eip = await allocateAddress({ ctx, input: {} });
    const assoc = await associateAddress({ ctx, input: { allocationId: eip.allocationId, instanceId: a } });
    await stopInstances({ ctx, input: { instanceIds: [a] } });
    w.clock.advance(30);
    await rec.tick();
    expect((await w.db.instance.findUniqueOrThrow({ where: { id: a } })).state).toBe("stopped");
    expect((await describeAddresses({ ctx, input: {} }))[0]).toMatchObject({ instanceId: a, associationId: assoc.associationId, domain: "vpc" });
    expect(await ipOf(a)).toBe(eip.publicIp);
    await startInstances({ ctx, input: { instanceIds: [a] } });
    expect(await ipOf(a)).toBe(eip.publicIp);
    const kinds = (await w.db.eipEvent.findMany({ where: { allocationId: eip.allocationId }, orderBy: { id: "asc" } })).map((e) => e.kind);
    expect(kinds).toEqual(["allocate", "associate", "stopped", "started"]);
    w.clock.advance(90);
    await rec.tick();
    await terminateInstances({ ctx, input: { instanceIds: [a] } });
    w.clock.advance(60);
    await rec.tick();
    expect((await describeAddresses({ ctx, input: {} }))[0]).toMatchObject({ instanceId: null, associationId: null });
  });

  it("associates with a stopped instance, and disassociates idempotently", async () => {
    const ctx = w.ctx();
    const [a] = await running(1, "ami-a6c13bcf", "m1.large");
    await stopInstances({ ctx, input: { instanceIds: [a] } });
    w.clock.advance(30);
    await new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]])).tick();
    const eip = await allocateAddress({ ctx, input: {} });
    const assoc = await associateAddress({ ctx, input: { allocationId: eip.allocationId, instanceId: a } });
    expect(await ipOf(a)).toBe(eip.publicIp);
    const first = await disassociateAddress({ ctx, input: { associationId: assoc.associationId! } });
    expect(first.changed).toBe(true);
    expect(await ipOf(a)).toBeNull(); // stopped: no dynamic address until it starts
    // The same association again: already ended, so nothing to do and no error.
    const second = await disassociateAddress({ ctx, input: { associationId: assoc.associationId! } });
    expect(second.changed).toBe(false);
    expect(await disassociateAddress({ ctx, input: { allocationId: eip.allocationId } })).toMatchObject({ changed: false });
    await expect(disassociateAddress({ ctx, input: { associationId: "eipassoc-00000000000000000" } })).rejects.toMatchObject({ code: "InvalidAssociationID.NotFound" });
    // Another team can't learn about the association either.
    const other = await w.addTeam("Other");
    await expect(disassociateAddress({ ctx: w.ctx("admin", other), input: { associationId: assoc.associationId! } })).rejects.toMatchObject({ code: "InvalidAssociationID.NotFound" });
  });

  it("is never attached to two instances, however the moves race", async () => {
    const ctx = w.ctx();
    await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 50 } });
    const ids = await running(8);
    const eip = await allocateAddress({ ctx, input: {} });
    const results = await Promise.allSettled(ids.map((instanceId) => associateAddress({ ctx, input: { allocationId: eip.allocationId, instanceId, allowReassociation: true } })));
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    const holders = await w.db.instance.findMany({ where: { publicIp: eip.publicIp } });
    expect(holders).toHaveLength(1);
    const row = await w.db.elasticIp.findUniqueOrThrow({ where: { id: eip.allocationId } });
    expect(row.instanceId).toBe(holders[0].id);
    const all = await w.db.instance.findMany({ where: { id: { in: ids } } });
    expect(all.every((i) => i.publicIp !== null)).toBe(true);
    expect(new Set(all.map((i) => i.publicIp)).size).toBe(8);
  });
});

describe("key pairs", () => {
  it("import, create (private key once), launch with one, delete without touching instances", async () => {
    const ctx = w.ctx("operator");
    const made = await generateKeyPair("ed25519");
    const imported = await importKeyPair({ ctx, input: { name: "amazon", publicKey: `${made.publicKey} me@laptop` } });
    expect(imported).toMatchObject({ name: "amazon", type: "ed25519", fingerprintSha256: made.sha256, fingerprintMd5: made.md5 });
    await expect(importKeyPair({ ctx, input: { name: "amazon", publicKey: made.publicKey } })).rejects.toMatchObject({ code: "InvalidKeyPair.Duplicate" });
    await expect(importKeyPair({ ctx, input: { name: "bad", publicKey: made.privateKey } })).rejects.toMatchObject({ code: "InvalidKey.Format", field: "publicKey" });
    expect(await w.db.keyPair.count({ where: { name: "bad" } })).toBe(0);
    // EC2 hands out an RSA key it made as PKCS#1 PEM.
    const created = await createKeyPair({ ctx, input: { name: "generated", type: "rsa", bits: 2048 } });
    expect(created.privateKey).toContain("-----BEGIN RSA PRIVATE KEY-----");
    expect(JSON.stringify(await w.db.keyPair.findMany())).not.toContain("PRIVATE KEY");
    expect(JSON.stringify(await describeKeyPairs({ ctx, input: {} }))).not.toContain("PRIVATE");

    const r = await launchInstances({ ctx, input: { imageId: "ami-f937d290", keyName: "amazon" } });
    await deleteKeyPair({ ctx, input: { name: "amazon" } });
    const detail = await getInstance({ ctx, input: { instanceId: r.instances[0].id } });
    expect(detail).toMatchObject({ keyName: "amazon", publicKey: made.publicKey, keyPairCurrent: false });
    await expect(launchInstances({ ctx, input: { imageId: "ami-f937d290", keyName: "amazon" } })).rejects.toMatchObject({ code: "InvalidKeyPair.NotFound" });
  });
});
