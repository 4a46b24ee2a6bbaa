// Instance groups (EC2 Auto Scaling groups): a launch template, a desired
// count between min and max, zones to spread over and a health check. These
// verbs record what the team wants; the group keeper (lib/reconciler/
// group-keeper.ts) launches, replaces and terminates members to match.
import { z } from "zod";
import crypto from "node:crypto";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import type { TxCtx } from "../context";
import { AVAILABILITY_ZONES } from "../catalog/seed-data";
import { MAX_TAGS, tagSchema } from "../tags/rules";
import { findTemplate, templateRef, templateVersion } from "../launch-templates/templates";
import { terminateInstances } from "../instances/actions";
import { groupViews, findGroupByName, groupNameSchema, HEALTH_CHECK_TYPES, type GroupView } from "./views";
import { notifyInstanceGroups } from "./events";
import { notifyInstances } from "../../events";
import { inChunks } from "../../sql/chunks";

export const MAX_GROUP_SIZE = 1000;

const size = (what: string) =>
  z.coerce.number({ message: `${what} must be a whole number.` }).int(`${what} must be a whole number.`).min(0, `${what} can't be negative.`).max(MAX_GROUP_SIZE, `${what} is at most ${MAX_GROUP_SIZE}.`);

const zonesSchema = z
  .array(z.string().trim())
  .min(1, "Choose at least one availability zone.")
  .refine((zs) => zs.every((z) => (AVAILABILITY_ZONES as readonly string[]).includes(z)), { message: `Availability zones are ${AVAILABILITY_ZONES.join(", ")}.` })
  .transform((zs) => [...new Set(zs)]);

// EC2's tag rules (lib/control-plane/tags/rules.ts: no control characters, lengths), plus whether members get the tag.
const groupTagSchema = tagSchema.extend({ propagate: z.boolean().default(true) });

const healthFields = {
  healthCheckType: z.enum(HEALTH_CHECK_TYPES, { message: "The health check is EC2 (instance state), HTTP or TCP." }),
  healthCheckPort: z.coerce.number({ message: "The health check port must be a number." }).int().min(1, "Ports are 1 to 65535.").max(65535, "Ports are 1 to 65535.").nullable(),
  healthCheckPath: z.string().trim().max(1024, "The health check path is at most 1,024 characters.").refine((p) => p.startsWith("/") && !/[\s\u0000-\u001f]/.test(p), "The health check path starts with / and has no spaces."),
  gracePeriod: z.coerce.number({ message: "The grace period must be a whole number of seconds." }).int("The grace period must be a whole number of seconds.").min(0, "The grace period can't be negative.").max(7200, "The grace period is at most 7,200 seconds."),
};

function checkSizes(v: { minSize: number; maxSize: number; desired: number }) {
  if (v.minSize > v.maxSize) throw new ServiceError("ValidationError", `Max bound, ${v.maxSize}, must be greater than or equal to min bound, ${v.minSize}`, "maxSize");
  if (v.desired < v.minSize || v.desired > v.maxSize)
    throw new ServiceError("ValidationError", `Desired capacity:${v.desired} must be between the specified min size:${v.minSize} and max size:${v.maxSize}`, "desired");
}

function checkHealth(v: { healthCheckType: string; healthCheckPort: number | null }) {
  if (v.healthCheckType !== "EC2" && v.healthCheckPort === null) throw new ServiceError("ValidationError", `An ${v.healthCheckType} health check needs a port.`, "healthCheckPort");
}

async function checkElasticIp(ctx: TxCtx, allocationId: string | null | undefined, groupId: string | null) {
  if (!allocationId) return;
  const eip = await ctx.db.elasticIp.findFirst({ where: { id: allocationId, teamId: ctx.team.id, releasedAt: null } });
  if (!eip) throw new ServiceError("InvalidAllocationID.NotFound", `The allocation ID '${allocationId}' does not exist`, "elasticIpId");
  const other = await ctx.db.scalingGroup.findFirst({ where: { teamId: ctx.team.id, elasticIpId: allocationId, ...(groupId ? { NOT: { id: groupId } } : {}) } });
  if (other) throw new ServiceError("ResourceInUse", `${eip.publicIp} is already kept by the instance group ${other.name}.`, "elasticIpId");
}

export const createGroupSchema = z.object({
  name: groupNameSchema,
  ...templateRef.shape,
  templateVersion: z.string().trim().default("$Default"),
  minSize: size("The minimum size"),
  maxSize: size("The maximum size"),
  desired: size("The desired capacity").optional(),
  zones: zonesSchema,
  healthCheckType: healthFields.healthCheckType.default("EC2"),
  healthCheckPort: healthFields.healthCheckPort.default(null),
  healthCheckPath: healthFields.healthCheckPath.default("/"),
  gracePeriod: healthFields.gracePeriod.default(300),
  elasticIpId: z.string().trim().min(1).nullable().default(null),
  tags: z.array(groupTagSchema).max(MAX_TAGS, `At most ${MAX_TAGS} tags.`).default([]),
});

export const createGroup = defineVerb({
  kind: "write",
  name: "CreateAutoScalingGroup",
  permission: "fleets.write",
  input: createGroupSchema,
  failureTargets: (i) => [i.name],
  async run({ ctx, input, audit }): Promise<GroupView> {
    const desired = input.desired ?? input.minSize;
    checkSizes({ ...input, desired });
    checkHealth(input);
    if (await ctx.db.scalingGroup.findFirst({ where: { teamId: ctx.team.id, name: input.name } }))
      throw new ServiceError("AlreadyExists", `AutoScalingGroup by this name already exists - A group with the name ${input.name} already exists`, "name");
    const t = await findTemplate(ctx, input);
    await templateVersion(ctx, { templateId: t.id }, input.templateVersion);
    await checkElasticIp(ctx, input.elasticIpId, null);
    const keys = new Set<string>();
    for (const tag of input.tags) {
      if (keys.has(tag.key)) throw new ServiceError("ValidationError", `Tag key "${tag.key}" is given twice.`, "tags");
      keys.add(tag.key);
    }
    const now = ctx.clock.now();
    const g = await ctx.db.scalingGroup.create({
      data: {
        id: crypto.randomUUID(), teamId: ctx.team.id, name: input.name, templateId: t.id, templateVersion: input.templateVersion, minSize: input.minSize, maxSize: input.maxSize, desired,
        zones: input.zones.join(","), healthCheckType: input.healthCheckType, healthCheckPort: input.healthCheckPort, healthCheckPath: input.healthCheckPath, gracePeriod: input.gracePeriod,
        elasticIpId: input.elasticIpId, tags: JSON.stringify(input.tags), nextCheckAt: now, createdAt: now,
      },
    });
    audit.targets(g.id, t.id);
    audit.detail(`${input.name}: ${desired} (min ${input.minSize}, max ${input.maxSize}) of ${t.name} in ${input.zones.join(", ")}`);
    return (await groupViews(ctx, [g]))[0];
  },
  after: () => notifyInstanceGroups(),
});

export const updateGroup = defineVerb({
  kind: "write",
  name: "UpdateAutoScalingGroup",
  permission: "fleets.write",
  input: z.object({
    name: groupNameSchema,
    ...templateRef.shape,
    templateVersion: z.string().trim().optional(),
    minSize: size("The minimum size").optional(),
    maxSize: size("The maximum size").optional(),
    desired: size("The desired capacity").optional(),
    zones: zonesSchema.optional(),
    healthCheckType: healthFields.healthCheckType.optional(),
    healthCheckPort: healthFields.healthCheckPort.optional(),
    healthCheckPath: healthFields.healthCheckPath.optional(),
    gracePeriod: healthFields.gracePeriod.optional(),
    /** null: the group stops keeping an Elastic IP. */
    elasticIpId: z.string().trim().min(1).nullable().optional(),
  }),
  failureTargets: (i) => [i.name],
  async run({ ctx, input, audit }): Promise<GroupView> {
    const g = await findGroupByName(ctx, input.name);
    const minSize = input.minSize ?? g.minSize;
    const maxSize = input.maxSize ?? g.maxSize;
    // As EC2 Auto Scaling does: a new min or max alone pulls the desired capacity inside it.
    const desired = input.desired ?? Math.min(Math.max(g.desired, minSize), maxSize);
    checkSizes({ minSize, maxSize, desired });
    const health = { healthCheckType: input.healthCheckType ?? g.healthCheckType, healthCheckPort: input.healthCheckPort !== undefined ? input.healthCheckPort : g.healthCheckPort };
    checkHealth(health);
    let templateId = g.templateId;
    if (input.templateId || input.templateName) templateId = (await findTemplate(ctx, input)).id;
    const version = input.templateVersion ?? (templateId !== g.templateId ? "$Default" : g.templateVersion);
    if (templateId !== g.templateId || version !== g.templateVersion) await templateVersion(ctx, { templateId }, version);
    if (input.elasticIpId !== undefined) await checkElasticIp(ctx, input.elasticIpId, g.id);
    const updated = await ctx.db.scalingGroup.update({
      where: { id: g.id },
      data: {
        templateId, templateVersion: version, minSize, maxSize, desired, ...health,
        ...(input.zones ? { zones: input.zones.join(",") } : {}),
        ...(input.healthCheckPath !== undefined ? { healthCheckPath: input.healthCheckPath } : {}),
        ...(input.gracePeriod !== undefined ? { gracePeriod: input.gracePeriod } : {}),
        ...(input.elasticIpId !== undefined ? { elasticIpId: input.elasticIpId } : {}),
        nextCheckAt: ctx.clock.now(),
        launchBackoffUntil: null,
      },
    });
    audit.targets(g.id);
    audit.detail(`${g.name}: desired ${g.desired} → ${desired} (min ${minSize}, max ${maxSize})`);
    return (await groupViews(ctx, [updated]))[0];
  },
  after: () => notifyInstanceGroups(),
});

export const setDesiredCapacity = defineVerb({
  kind: "write",
  name: "SetDesiredCapacity",
  permission: "fleets.write",
  input: z.object({ name: groupNameSchema, desired: size("The desired capacity") }),
  failureTargets: (i) => [i.name],
  async run({ ctx, input, audit }): Promise<GroupView> {
    const g = await findGroupByName(ctx, input.name);
    if (input.desired > g.maxSize) throw new ServiceError("ValidationError", `New SetDesiredCapacity value ${input.desired} is above max value ${g.maxSize} for the AutoScalingGroup.`, "desired");
    if (input.desired < g.minSize) throw new ServiceError("ValidationError", `New SetDesiredCapacity value ${input.desired} is below min value ${g.minSize} for the AutoScalingGroup.`, "desired");
    const updated = await ctx.db.scalingGroup.update({ where: { id: g.id }, data: { desired: input.desired, nextCheckAt: ctx.clock.now(), launchBackoffUntil: null } });
    audit.targets(g.id);
    audit.detail(`${g.name}: desired ${g.desired} → ${input.desired}`);
    return (await groupViews(ctx, [updated]))[0];
  },
  after: () => notifyInstanceGroups(),
});

export const deleteGroup = defineVerb({
  kind: "write",
  name: "DeleteAutoScalingGroup",
  permission: "fleets.write",
  input: z.object({ name: groupNameSchema, force: z.boolean().default(false) }),
  failureTargets: (i) => [i.name],
  async run({ ctx, input, audit }) {
    const g = await findGroupByName(ctx, input.name);
    const members = await ctx.db.scalingGroupMember.findMany({ where: { groupId: g.id } });
    if (members.length && !input.force)
      throw new ServiceError(
        "ResourceInUse",
        `You cannot delete an AutoScalingGroup while there are instances still in the group (${members.length}). Set its desired capacity to 0 and wait, or delete it with its instances (force).`,
        "name",
      );
    const live = await ctx.db.instance.findMany({ where: { teamId: ctx.team.id, id: { in: members.map((m) => m.instanceId) }, state: { notIn: ["shutting-down", "terminated"] } }, select: { id: true } });
    if (live.length) await terminateInstances.within({ ctx, input: { instanceIds: live.map((i) => i.id) }, audit });
    await ctx.db.scalingGroupMember.deleteMany({ where: { groupId: g.id } });
    await ctx.db.scheduledScaling.deleteMany({ where: { groupId: g.id } });
    await ctx.db.scalingActivity.deleteMany({ where: { groupId: g.id } });
    await ctx.db.scalingGroup.delete({ where: { id: g.id } });
    audit.targets(g.id);
    audit.detail(`${g.name}${live.length ? `, terminating ${live.length} instance${live.length === 1 ? "" : "s"}` : ""}`);
    return { name: g.name, terminated: live.map((i) => i.id) };
  },
  after: ({ output }) => {
    notifyInstances(output.terminated);
    notifyInstanceGroups();
  },
});

export const describeGroups = defineVerb({
  kind: "read",
  name: "DescribeAutoScalingGroups",
  permission: "fleets.read",
  input: z.object({ names: z.array(z.string()).max(1600).default([]) }),
  async run({ ctx, input }): Promise<GroupView[]> {
    const rows = input.names.length
      ? (await inChunks([...new Set(input.names)], (c) => ctx.db.scalingGroup.findMany({ where: { teamId: ctx.team.id, name: { in: c } } }))).sort((a, b) => a.name.localeCompare(b.name))
      : await ctx.db.scalingGroup.findMany({ where: { teamId: ctx.team.id }, orderBy: { name: "asc" } });
    return groupViews(ctx, rows);
  },
});

export const describeGroup = defineVerb({
  kind: "read",
  name: "DescribeAutoScalingGroup",
  permission: "fleets.read",
  input: z.object({ name: groupNameSchema }),
  async run({ ctx, input }): Promise<GroupView> {
    return (await groupViews(ctx, [await findGroupByName(ctx, input.name)]))[0];
  },
});
