// Elastic IPs, as EC2-VPC has them: a static public address the team holds,
// associated with one instance at a time (running or stopped: it stays through
// a stop, and goes on terminate), moved to another only when the caller allows
// reassociation. Events record when each address was attached, and when its
// instance stopped, for the idle-address charge.
import { z } from "zod";
import { inList, shortLists } from "../../sql/in-list";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { newId } from "../../ids";
import { takePublicIps, publicDns } from "./pool";
import { afterTransition } from "../instances/observe";
import { notifyInstances } from "../../events";
import { Prisma } from "../../generated/prisma/client";
import { execSql, readRows } from "../../sql/read-rows";
import type { Tx } from "../../db";
import type { TxCtx } from "../context";
import { instanceIdSchema } from "../instances/schemas";
import { tagListSchema } from "../tags/rules";
import { tagAtCreation } from "../tags/resource-tags";

export const EIP_LIMIT = 5;

// A terminated instance loses its Elastic IP; a stopped one keeps it (and its
// public address shows it), but the address is idle while it is stopped.
afterTransition.push(async (db: Tx, instanceId, to, at) => {
  if (to !== "stopped" && to !== "terminated") return;
  // Plain SQL: this runs inside the reconciler's batch for every stop and terminate.
  const [eip] = await readRows<{ id: string; teamId: string; publicIp: string; associationId: string | null }>(db, Prisma.sql`SELECT "id", "teamId", "publicIp", "associationId" FROM "ElasticIp" WHERE "instanceId" = ${instanceId}`);
  if (!eip) return;
  if (to === "stopped") {
    await execSql(db, Prisma.sql`UPDATE "Instance" SET "publicIp" = ${eip.publicIp}, "publicDns" = ${publicDns(eip.publicIp)} WHERE "id" = ${instanceId}`);
    await db.eipEvent.create({ data: { allocationId: eip.id, teamId: eip.teamId, kind: "stopped", instanceId, associationId: eip.associationId, at } });
    return;
  }
  await execSql(db, Prisma.sql`UPDATE "ElasticIp" SET "instanceId" = NULL, "associationId" = NULL WHERE "id" = ${eip.id}`);
  await db.eipEvent.create({ data: { allocationId: eip.id, teamId: eip.teamId, kind: "disassociate", instanceId, associationId: eip.associationId, at } });
});

/** Instances being started keep their Elastic IP as their public address: which of these have one. */
export async function elasticIpsOf(db: Tx, instanceIds: string[]): Promise<Map<string, { id: string; publicIp: string; associationId: string | null }>> {
  if (!instanceIds.length) return new Map();
  const rows = await readRows<{ id: string; instanceId: string; publicIp: string; associationId: string | null }>(
    db,
    Prisma.sql`SELECT "id", "instanceId", "publicIp", "associationId" FROM "ElasticIp" WHERE ${inList(Prisma.sql`"instanceId"`, instanceIds)}`,
  );
  return new Map(rows.map((r) => [r.instanceId, r]));
}

export function addressView(e: { id: string; publicIp: string; instanceId: string | null; associationId: string | null; allocatedAt: Date }) {
  return { allocationId: e.id, publicIp: e.publicIp, instanceId: e.instanceId, associationId: e.associationId, allocatedAt: e.allocatedAt.toISOString(), domain: "vpc" as const };
}

const ref = z.object({ allocationId: z.string().trim().optional(), publicIp: z.string().trim().optional(), associationId: z.string().trim().optional() });

async function findAddress(ctx: TxCtx, r: z.output<typeof ref>) {
  if (!r.allocationId && !r.publicIp && !r.associationId) throw new ServiceError("MissingParameter", "Name the Elastic IP (its allocation id or address).", "allocationId");
  const e = await ctx.db.elasticIp.findFirst({
    where: { teamId: ctx.team.id, releasedAt: null, ...(r.allocationId ? { id: r.allocationId } : r.associationId ? { associationId: r.associationId } : { publicIp: r.publicIp }) },
  });
  if (!e) {
    if (r.associationId) throw new ServiceError("InvalidAssociationID.NotFound", `The association ID '${r.associationId}' does not exist`, "associationId");
    if (r.allocationId) throw new ServiceError("InvalidAllocationID.NotFound", `The allocation ID '${r.allocationId}' does not exist`, "allocationId");
    throw new ServiceError("InvalidAddress.NotFound", `The address '${r.publicIp}' does not belong to your team`, "publicIp");
  }
  return e;
}

/** Gives an instance a fresh dynamic public address (after its Elastic IP leaves), or none while it is stopped. */
async function redynamise(ctx: TxCtx, instanceId: string, state: string) {
  if (state === "running" || state === "pending") {
    const [ip] = await takePublicIps(ctx.db, 1);
    await ctx.db.instance.update({ where: { id: instanceId }, data: { publicIp: ip, publicDns: publicDns(ip) } });
  } else await ctx.db.instance.update({ where: { id: instanceId }, data: { publicIp: null, publicDns: "" } });
}

async function detach(ctx: TxCtx, eip: { id: string; instanceId: string | null; associationId: string | null }) {
  if (!eip.instanceId) return;
  await ctx.db.elasticIp.update({ where: { id: eip.id }, data: { instanceId: null, associationId: null } });
  await ctx.db.eipEvent.create({ data: { allocationId: eip.id, teamId: ctx.team.id, kind: "disassociate", instanceId: eip.instanceId, associationId: eip.associationId, at: ctx.clock.now() } });
  const inst = await ctx.db.instance.findUnique({ where: { id: eip.instanceId }, select: { state: true } });
  if (inst && inst.state !== "terminated" && inst.state !== "shutting-down") await redynamise(ctx, eip.instanceId, inst.state);
}

export const allocateAddress = defineVerb({
  kind: "write",
  name: "AllocateAddress",
  permission: "addresses.write",
  input: z.object({ tags: tagListSchema.default([]) }),
  async run({ ctx, input, audit }) {
    const held = await ctx.db.elasticIp.count({ where: { teamId: ctx.team.id, releasedAt: null } });
    if (held >= EIP_LIMIT) throw new ServiceError("AddressLimitExceeded", `Your team holds ${held} Elastic IPs, the most it may. Release one first.`);
    const [ip] = await takePublicIps(ctx.db, 1);
    const id = newId("eipalloc");
    const now = ctx.clock.now();
    const row = await ctx.db.elasticIp.create({ data: { id, teamId: ctx.team.id, publicIp: ip, allocatedAt: now } });
    await ctx.db.eipEvent.create({ data: { allocationId: id, teamId: ctx.team.id, kind: "allocate", at: now } });
    await tagAtCreation(ctx, [id], input.tags);
    audit.targets(id);
    audit.detail(ip);
    return addressView(row);
  },
});

export const associateAddress = defineVerb({
  kind: "write",
  name: "AssociateAddress",
  permission: "addresses.write",
  input: ref.extend({
    instanceId: instanceIdSchema,
    /** Move the address even when it is associated with another instance (EC2's AllowReassociation). */
    allowReassociation: z.boolean().default(false),
  }),
  failureTargets: (i) => [i.allocationId ?? i.publicIp ?? "", i.instanceId],
  async run({ ctx, input, audit }) {
    const eip = await findAddress(ctx, input);
    const inst = await ctx.db.instance.findFirst({ where: { id: input.instanceId, teamId: ctx.team.id } });
    if (!inst) throw new ServiceError("InvalidInstanceID.NotFound", `The instance ID '${input.instanceId}' does not exist`, "instanceId");
    if (inst.state !== "running" && inst.state !== "stopped")
      throw new ServiceError("IncorrectInstanceState", `The instance '${inst.id}' is ${inst.state}: an Elastic IP can be associated with a running or stopped instance.`, "instanceId");
    if (eip.instanceId === inst.id) return { ...addressView(eip), movedFrom: null };
    if (eip.instanceId && !input.allowReassociation)
      throw new ServiceError("Resource.AlreadyAssociated", `resource ${eip.id} is already associated with associate-id ${eip.associationId}: allow reassociation to move it to ${inst.id}.`, "allocationId");
    const moved = eip.instanceId;
    // Free the address from where it was (that instance gets a dynamic one),
    // and free the target from any other Elastic IP it had.
    await detach(ctx, eip);
    const other = await ctx.db.elasticIp.findUnique({ where: { instanceId: inst.id } });
    if (other) await detach(ctx, other);
    const associationId = newId("eipassoc");
    const now = ctx.clock.now();
    await ctx.db.instance.update({ where: { id: inst.id }, data: { publicIp: eip.publicIp, publicDns: publicDns(eip.publicIp) } });
    const row = await ctx.db.elasticIp.update({ where: { id: eip.id }, data: { instanceId: inst.id, associationId } });
    await ctx.db.eipEvent.create({ data: { allocationId: eip.id, teamId: ctx.team.id, kind: "associate", instanceId: inst.id, associationId, at: now } });
    // On a stopped instance the address is held but idle.
    if (inst.state === "stopped") await ctx.db.eipEvent.create({ data: { allocationId: eip.id, teamId: ctx.team.id, kind: "stopped", instanceId: inst.id, associationId, at: now } });
    audit.targets(eip.id, inst.id, ...(moved ? [moved] : []));
    audit.detail(moved ? `${eip.publicIp} moved from ${moved} to ${inst.id}` : `${eip.publicIp} → ${inst.id} (its address ${inst.publicIp ?? "none"} was released)`);
    return { ...addressView(row), movedFrom: moved };
  },
  after: ({ output }) => notifyInstances([output.instanceId!, ...(output.movedFrom ? [output.movedFrom] : [])]),
});

export const disassociateAddress = defineVerb({
  kind: "write",
  name: "DisassociateAddress",
  permission: "addresses.write",
  input: ref,
  failureTargets: (i) => [i.allocationId ?? i.associationId ?? i.publicIp ?? ""],
  async run({ ctx, input, audit }) {
    // Idempotent, as EC2's: an association that has already ended is a success.
    if (input.associationId && !input.allocationId && !input.publicIp) {
      const current = await ctx.db.elasticIp.findFirst({ where: { teamId: ctx.team.id, releasedAt: null, associationId: input.associationId } });
      if (!current) {
        const past = await ctx.db.eipEvent.findFirst({ where: { teamId: ctx.team.id, associationId: input.associationId } });
        if (!past) throw new ServiceError("InvalidAssociationID.NotFound", `The association ID '${input.associationId}' does not exist`, "associationId");
        audit.targets(past.allocationId);
        audit.detail(`${input.associationId} had already ended`);
        return { allocationId: past.allocationId, publicIp: "", formerInstanceId: null as string | null, changed: false };
      }
    }
    const eip = await findAddress(ctx, input);
    audit.targets(eip.id);
    if (!eip.instanceId) {
      audit.detail(`${eip.publicIp} was not associated`);
      return { allocationId: eip.id, publicIp: eip.publicIp, formerInstanceId: null as string | null, changed: false };
    }
    const was = eip.instanceId;
    await detach(ctx, eip);
    audit.targets(was);
    audit.detail(`${eip.publicIp} from ${was}`);
    return { allocationId: eip.id, publicIp: eip.publicIp, formerInstanceId: was as string | null, changed: true };
  },
  after: ({ output }) => notifyInstances(output.formerInstanceId ? [output.formerInstanceId] : []),
});

export const releaseAddress = defineVerb({
  kind: "write",
  name: "ReleaseAddress",
  permission: "addresses.write",
  input: ref.pick({ allocationId: true, publicIp: true }),
  failureTargets: (i) => [i.allocationId ?? i.publicIp ?? ""],
  async run({ ctx, input, audit }) {
    const eip = await findAddress(ctx, input);
    if (eip.instanceId) throw new ServiceError("InvalidIPAddress.InUse", `${eip.publicIp} is associated with ${eip.instanceId}: disassociate it before releasing it.`, "allocationId");
    const now = ctx.clock.now();
    await ctx.db.elasticIp.update({ where: { id: eip.id }, data: { releasedAt: now } });
    await ctx.db.eipEvent.create({ data: { allocationId: eip.id, teamId: ctx.team.id, kind: "release", at: now } });
    await ctx.db.tag.deleteMany({ where: { teamId: ctx.team.id, resourceId: eip.id } });
    audit.targets(eip.id);
    audit.detail(eip.publicIp);
    return { allocationId: eip.id, publicIp: eip.publicIp };
  },
});

export const describeAddresses = defineVerb({
  kind: "read",
  name: "DescribeAddresses",
  permission: "addresses.read",
  input: z.object({ allocationIds: z.array(z.string()).default([]), publicIps: z.array(z.string()).default([]) }),
  async run({ ctx, input }) {
    const named = input.allocationIds.length + input.publicIps.length > 0;
    const short = shortLists(input.allocationIds, input.publicIps);
    const all = await ctx.db.elasticIp.findMany({
      where: { teamId: ctx.team.id, releasedAt: null, ...(named && short ? { OR: [{ id: { in: input.allocationIds } }, { publicIp: { in: input.publicIps } }] } : {}) },
      orderBy: { allocatedAt: "asc" },
    });
    const [askedIds, askedIps] = [new Set(input.allocationIds), new Set(input.publicIps)];
    const rows = named && !short ? all.filter((a) => askedIds.has(a.id) || askedIps.has(a.publicIp)) : all;
    const ids = new Set(rows.map((r) => r.id));
    const ips = new Set(rows.map((r) => r.publicIp));
    for (const id of input.allocationIds) if (!ids.has(id)) throw new ServiceError("InvalidAllocationID.NotFound", `The allocation ID '${id}' does not exist`, "allocationIds");
    for (const ip of input.publicIps) if (!ips.has(ip)) throw new ServiceError("InvalidAddress.NotFound", `The address '${ip}' does not belong to your team`, "publicIps");
    return rows.map(addressView);
  },
});
