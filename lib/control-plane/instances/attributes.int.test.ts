// Instance attributes on a real SQLite file: each change as EC2 allows it,
// protection honoured by terminate and stop, root volumes following their
// delete-on-termination, metadata options reported, every refusal audited.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { launchInstances } from "./launch";
import { stopInstances, terminateInstances } from "./actions";
import { modifyInstanceAttribute, modifyMetadataOptions } from "./attributes";
import { ec2Details } from "./ec2-details";
import { describeVolumes } from "../volumes/volumes";
import { createSecurityGroup } from "../groups/groups";
import { Reconciler } from "../../reconciler/reconciler";
import { SimProvider } from "../../providers/sim";
import { instanceMeta } from "./metadata";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(() => w.close());

async function settle(seconds = 90) {
  w.clock.advance(seconds);
  await new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]])).tick();
}
const details = async (id: string) => (await ec2Details(w.ctx(), [id])).get(id)!;

describe("instance attributes", () => {
  it("termination and stop protection refuse the whole call, until turned off", async () => {
    const ctx = w.ctx("operator");
    const [a, b] = (await launchInstances({ ctx, input: { imageId: "ami-a6c13bcf", instanceType: "m1.large", minCount: 2, disableApiTermination: true } })).instances.map((i) => i.id);
    await settle();
    await expect(terminateInstances({ ctx, input: { instanceIds: [b, a] } })).rejects.toMatchObject({ code: "OperationNotPermitted" });
    expect((await w.db.instance.findMany({ where: { state: "running" } })).length).toBe(2);
    await modifyInstanceAttribute({ ctx, input: { instanceId: a, change: { attribute: "disableApiStop", value: true } } });
    await expect(stopInstances({ ctx, input: { instanceIds: [a] } })).rejects.toMatchObject({ code: "OperationNotPermitted", message: expect.stringContaining("disableApiStop") });
    for (const attribute of ["disableApiTermination", "disableApiStop"] as const) for (const id of [a, b]) await modifyInstanceAttribute({ ctx, input: { instanceId: id, change: { attribute, value: false } } });
    await terminateInstances({ ctx, input: { instanceIds: [a, b] } });
    const refusals = await w.db.auditEvent.findMany({ where: { result: "OperationNotPermitted" } });
    expect(refusals.map((r) => r.action).sort()).toEqual(["StopInstances", "TerminateInstances"]);
  });

  it("shutdown behaviour: stop only for an EBS root; the default follows the root device", async () => {
    const ctx = w.ctx();
    const store = (await launchInstances({ ctx, input: { imageId: "ami-f937d290" } })).instances[0].id;
    const ebs = (await launchInstances({ ctx, input: { imageId: "ami-a6c13bcf", instanceType: "m1.large" } })).instances[0].id;
    expect([(await details(store)).shutdownBehavior, (await details(ebs)).shutdownBehavior]).toEqual(["terminate", "stop"]);
    await expect(modifyInstanceAttribute({ ctx, input: { instanceId: store, change: { attribute: "instanceInitiatedShutdownBehavior", value: "stop" } } })).rejects.toMatchObject({ code: "InvalidParameterCombination" });
    await expect(launchInstances({ ctx, input: { imageId: "ami-f937d290", shutdownBehavior: "stop" } })).rejects.toMatchObject({ code: "InvalidParameterCombination", field: "shutdownBehavior" });
    await modifyInstanceAttribute({ ctx, input: { instanceId: ebs, change: { attribute: "instanceInitiatedShutdownBehavior", value: "terminate" } } });
    expect((await details(ebs)).shutdownBehavior).toBe("terminate");
  });

  it("type, user data and EBS optimisation change only while stopped; the type must fit the image", async () => {
    const ctx = w.ctx();
    const id = (await launchInstances({ ctx, input: { imageId: "ami-a6c13bcf", instanceType: "m1.large" } })).instances[0].id;
    await settle();
    await expect(modifyInstanceAttribute({ ctx, input: { instanceId: id, change: { attribute: "instanceType", value: "m1.xlarge" } } })).rejects.toMatchObject({ code: "IncorrectInstanceState" });
    await stopInstances({ ctx, input: { instanceIds: [id] } });
    await settle(30);
    await expect(modifyInstanceAttribute({ ctx, input: { instanceId: id, change: { attribute: "instanceType", value: "m1.small" } } })).rejects.toMatchObject({ code: "InvalidParameterCombination" });
    await modifyInstanceAttribute({ ctx, input: { instanceId: id, change: { attribute: "instanceType", value: "m1.xlarge" } } });
    await expect(modifyInstanceAttribute({ ctx, input: { instanceId: id, change: { attribute: "userData", value: "%%%" } } })).rejects.toMatchObject({ code: "InvalidUserData.Malformed" });
    await modifyInstanceAttribute({ ctx, input: { instanceId: id, change: { attribute: "userData", value: Buffer.from("hi").toString("base64") } } });
    await modifyInstanceAttribute({ ctx, input: { instanceId: id, change: { attribute: "ebsOptimized", value: true } } });
    const row = await w.db.instance.findUniqueOrThrow({ where: { id } });
    expect([row.instanceType, Buffer.from(row.userData!, "base64").toString(), row.ebsOptimized]).toEqual(["m1.xlarge", "hi", true]);
  });

  it("groups change on a live instance; another team's group is not found", async () => {
    const ctx = w.ctx();
    const g = await createSecurityGroup({ ctx, input: { name: "web", description: "web" } });
    const id = (await launchInstances({ ctx, input: { imageId: "ami-f937d290" } })).instances[0].id;
    await modifyInstanceAttribute({ ctx, input: { instanceId: id, change: { attribute: "groupSet", value: [g.groupId] } } });
    expect((await w.db.instanceGroup.findMany({ where: { instanceId: id } })).map((l) => l.groupId)).toEqual([g.groupId]);
    const other = await w.addTeam("Other");
    const theirs = await createSecurityGroup({ ctx: w.ctx("admin", other), input: { name: "theirs", description: "x" } });
    await expect(modifyInstanceAttribute({ ctx, input: { instanceId: id, change: { attribute: "groupSet", value: [theirs.groupId] } } })).rejects.toMatchObject({ code: "InvalidGroup.NotFound" });
    await expect(modifyInstanceAttribute({ ctx: w.ctx("viewer"), input: { instanceId: id, change: { attribute: "sourceDestCheck", value: false } } })).rejects.toMatchObject({ code: "UnauthorizedOperation" });
    await expect(modifyInstanceAttribute({ ctx: w.ctx("admin", other), input: { instanceId: id, change: { attribute: "sourceDestCheck", value: false } } })).rejects.toMatchObject({ code: "InvalidInstanceID.NotFound" });
  });

  it("EBS roots are volumes: sized at launch, deleted on terminate unless told to stay", async () => {
    const ctx = w.ctx();
    const [keep, drop] = (await launchInstances({ ctx, input: { imageId: "ami-a6c13bcf", instanceType: "m1.large", minCount: 2, rootVolume: { sizeGiB: 30, volumeType: "gp3" } } })).instances.map((i) => i.id);
    const store = (await launchInstances({ ctx, input: { imageId: "ami-f937d290" } })).instances[0].id;
    await expect(launchInstances({ ctx, input: { imageId: "ami-f937d290", rootVolume: { sizeGiB: 10 } } })).rejects.toMatchObject({ code: "InvalidParameterCombination", field: "rootVolume" });
    await settle();
    let vols = await describeVolumes({ ctx, input: {} });
    expect(vols.map((v) => [v.attachment?.instanceId, v.sizeGiB, v.volumeType, v.state]).sort()).toEqual([[drop, 30, "gp3", "in-use"], [keep, 30, "gp3", "in-use"]].sort());
    expect((await details(store)).volumes).toEqual([]);
    await modifyInstanceAttribute({ ctx, input: { instanceId: keep, change: { attribute: "blockDeviceMapping", value: [{ device: "/dev/sda1", deleteOnTermination: false }] } } });
    await expect(modifyInstanceAttribute({ ctx, input: { instanceId: keep, change: { attribute: "blockDeviceMapping", value: [{ device: "/dev/sdf", deleteOnTermination: false }] } } })).rejects.toMatchObject({ code: "InvalidParameterValue" });
    await terminateInstances({ ctx, input: { instanceIds: [keep, drop] } });
    await settle(60);
    vols = await describeVolumes({ ctx, input: {} });
    expect(vols.map((v) => [v.state, v.attachment])).toEqual([["available", null]]);
  });

  it("metadata options: set at launch and after, reported and served", async () => {
    const ctx = w.ctx();
    const id = (await launchInstances({ ctx, input: { imageId: "ami-f937d290", tags: [{ key: "env", value: "prod" }], metadata: { instanceMetadataTags: "enabled", httpPutResponseHopLimit: 3 } } })).instances[0].id;
    expect((await details(id)).metadata).toEqual({ httpTokens: "optional", httpEndpoint: "enabled", httpPutResponseHopLimit: 3, instanceMetadataTags: "enabled" });
    expect((await instanceMeta(w.db, w.team.id, id)).tags).toEqual({ env: "prod" });
    const r = await modifyMetadataOptions({ ctx, input: { instanceId: id, httpTokens: "required", httpEndpoint: "disabled" } });
    expect(r).toMatchObject({ httpTokens: "required", httpEndpoint: "disabled", httpPutResponseHopLimit: 3 });
    expect(await instanceMeta(w.db, w.team.id, id)).toMatchObject({ tokensRequired: true, endpointDisabled: true });
    await expect(modifyMetadataOptions({ ctx, input: { instanceId: id, httpPutResponseHopLimit: 65 } })).rejects.toMatchObject({ code: "InvalidParameterValue", field: "httpPutResponseHopLimit" });
    await expect(modifyMetadataOptions({ ctx, input: { instanceId: id, httpProtocolIpv6: "enabled" } })).rejects.toMatchObject({ code: "UnsupportedOperation" });
  });
});
