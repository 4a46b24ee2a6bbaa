// ModifyInstanceAttribute and ModifyInstanceMetadataOptions. Each attribute
// changes as EC2 allows: protection flags and the shutdown behaviour at any
// time (stop only for an EBS root), the type, user data and EBS optimisation
// while stopped, the groups of a live instance at once (its firewall follows).
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { instanceIdSchema, base64Bytes, MAX_USER_DATA_BYTES, shutdownBehaviorSchema, metadataOptionsSchema } from "./schemas";
import { findType } from "../catalog/types";
import { resolveGroups } from "../groups/lookup";
import { notifyGroups, notifyInstances } from "../../events";
import type { TxCtx } from "../context";
import { insertRows } from "../../sql/insert";

const flag = <A extends string>(attribute: A) => z.object({ attribute: z.literal(attribute), value: z.boolean() });

export const attributeChange = z.discriminatedUnion("attribute", [
  flag("disableApiTermination"),
  flag("disableApiStop"),
  flag("sourceDestCheck"),
  flag("ebsOptimized"),
  z.object({ attribute: z.literal("instanceInitiatedShutdownBehavior"), value: shutdownBehaviorSchema }),
  z.object({ attribute: z.literal("instanceType"), value: z.string().trim().min(1) }),
  /** Base64 of the raw user data. */
  z.object({ attribute: z.literal("userData"), value: z.string() }),
  z.object({ attribute: z.literal("groupSet"), value: z.array(z.string().trim().min(1)).min(1, "An instance is in at least one security group.").max(5, "An instance is in at most 5 security groups.") }),
  /** Delete-on-termination of attached volumes, by device. */
  z.object({ attribute: z.literal("blockDeviceMapping"), value: z.array(z.object({ device: z.string().min(1), deleteOnTermination: z.boolean() })).min(1) }),
]);

async function load(ctx: TxCtx, id: string) {
  const inst = await ctx.db.instance.findFirst({ where: { id, teamId: ctx.team.id } });
  if (!inst) throw new ServiceError("InvalidInstanceID.NotFound", `The instance ID '${id}' does not exist`, "instanceId");
  if (inst.state === "terminated" || inst.state === "shutting-down") throw new ServiceError("IncorrectInstanceState", `The instance '${id}' is ${inst.state}: its attributes can no longer change.`, "instanceId");
  const image = await ctx.db.image.findUnique({ where: { id: inst.imageId }, select: { rootDeviceType: true, architecture: true } });
  return { inst, rootDeviceType: image?.rootDeviceType ?? "instance-store" };
}

const mustBeStopped = (inst: { id: string; state: string }, attribute: string) => {
  if (inst.state !== "stopped") throw new ServiceError("IncorrectInstanceState", `The instance '${inst.id}' is not in the 'stopped' state: ${attribute} changes only while it is stopped.`, "instanceId");
};

export const modifyInstanceAttribute = defineVerb({
  kind: "write",
  name: "ModifyInstanceAttribute",
  permission: "instances.modify",
  input: z.object({ instanceId: instanceIdSchema, change: attributeChange }),
  failureTargets: (i) => [i.instanceId],
  async run({ ctx, input, audit }) {
    const { inst, rootDeviceType } = await load(ctx, input.instanceId);
    const c = input.change;
    let groupsChanged: string[] = [];
    switch (c.attribute) {
      case "disableApiTermination":
      case "disableApiStop":
      case "sourceDestCheck":
        await ctx.db.instance.update({ where: { id: inst.id }, data: { [c.attribute]: c.value } });
        break;
      case "ebsOptimized":
        mustBeStopped(inst, c.attribute);
        await ctx.db.instance.update({ where: { id: inst.id }, data: { ebsOptimized: c.value } });
        break;
      case "instanceInitiatedShutdownBehavior":
        if (c.value === "stop" && rootDeviceType !== "ebs")
          throw new ServiceError("InvalidParameterCombination", `The attribute instanceInitiatedShutdownBehavior can only be used for elastic images: ${inst.id} has an instance-store root, which always terminates.`, "change.value");
        await ctx.db.instance.update({ where: { id: inst.id }, data: { shutdownBehavior: c.value } });
        break;
      case "instanceType": {
        mustBeStopped(inst, c.attribute);
        const type = await findType(ctx, c.value);
        const image = await ctx.db.image.findUnique({ where: { id: inst.imageId }, select: { architecture: true } });
        if (image && image.architecture !== type.architecture)
          throw new ServiceError("InvalidParameterCombination", `${type.name} runs ${type.architecture} images and ${inst.imageId} is ${image.architecture}.`, "change.value");
        await ctx.db.instance.update({ where: { id: inst.id }, data: { instanceType: type.name } });
        break;
      }
      case "userData": {
        mustBeStopped(inst, c.attribute);
        const bytes = c.value === "" ? 0 : base64Bytes(c.value);
        if (bytes === null) throw new ServiceError("InvalidUserData.Malformed", "Invalid BASE64 encoding of user data.", "change.value");
        if (bytes > MAX_USER_DATA_BYTES) throw new ServiceError("InvalidParameterValue", `User data is ${bytes.toLocaleString("en-US")} bytes; the limit is 16 KB (16,384 bytes).`, "change.value");
        await ctx.db.instance.update({ where: { id: inst.id }, data: { userData: c.value.replace(/\s+/g, "") || null } });
        break;
      }
      case "blockDeviceMapping": {
        for (const m of c.value) {
          const n = await ctx.db.volume.updateMany({ where: { instanceId: inst.id, device: m.device, state: "in-use" }, data: { deleteOnTermination: m.deleteOnTermination } });
          if (n.count === 0) throw new ServiceError("InvalidParameterValue", `${inst.id} has no volume attached at ${m.device}.`, "change.value");
        }
        break;
      }
      case "groupSet": {
        const groups = await resolveGroups(ctx, [], [...new Set(c.value)]);
        const before = await ctx.db.instanceGroup.findMany({ where: { instanceId: inst.id } });
        await ctx.db.instanceGroup.deleteMany({ where: { instanceId: inst.id } });
        await insertRows(ctx.db, "InstanceGroup", ["instanceId", "groupId"], groups.map((g) => [inst.id, g.id]));
        groupsChanged = [...new Set([...before.map((b) => b.groupId), ...groups.map((g) => g.id)])];
        break;
      }
    }
    audit.targets(inst.id);
    const shown =
      c.attribute === "blockDeviceMapping" ? c.value.map((m) => `${m.device} deleteOnTermination=${m.deleteOnTermination}`).join(", ")
      : c.attribute === "groupSet" ? c.value.join(",")
      : c.attribute === "userData" ? `${c.value.length} base64 characters`
      : String(c.value);
    audit.detail(`${c.attribute} = ${shown}`);
    return { instanceId: inst.id, attribute: c.attribute, groupsChanged };
  },
  after: ({ output }) => {
    if (output.groupsChanged.length) notifyGroups(output.groupsChanged);
    notifyInstances([output.instanceId]);
  },
});

export const modifyMetadataOptions = defineVerb({
  kind: "write",
  name: "ModifyInstanceMetadataOptions",
  permission: "instances.modify",
  input: metadataOptionsSchema.extend({ instanceId: instanceIdSchema, httpTokens: z.enum(["optional", "required"], { message: "HttpTokens is optional or required." }).optional() }),
  failureTargets: (i) => [i.instanceId],
  async run({ ctx, input, audit }) {
    const { inst } = await load(ctx, input.instanceId);
    if (input.httpProtocolIpv6 === "enabled") throw new ServiceError("UnsupportedOperation", "Stratus instances have no IPv6 address, so the IPv6 metadata endpoint can't be enabled.", "httpProtocolIpv6");
    const row = await ctx.db.instance.update({
      where: { id: inst.id },
      data: {
        ...(input.httpTokens ? { tokensRequired: input.httpTokens === "required" } : {}),
        ...(input.httpEndpoint ? { httpEndpoint: input.httpEndpoint } : {}),
        ...(input.httpPutResponseHopLimit !== undefined ? { httpPutResponseHopLimit: input.httpPutResponseHopLimit } : {}),
        ...(input.instanceMetadataTags ? { instanceMetadataTags: input.instanceMetadataTags } : {}),
      },
    });
    audit.targets(inst.id);
    audit.detail(`tokens ${row.tokensRequired ? "required" : "optional"}, endpoint ${row.httpEndpoint}, hop limit ${row.httpPutResponseHopLimit}, tags ${row.instanceMetadataTags}`);
    return {
      instanceId: inst.id,
      httpTokens: row.tokensRequired ? ("required" as const) : ("optional" as const),
      httpEndpoint: row.httpEndpoint,
      httpPutResponseHopLimit: row.httpPutResponseHopLimit,
      instanceMetadataTags: row.instanceMetadataTags,
    };
  },
  after: ({ output }) => notifyInstances([output.instanceId]),
});
