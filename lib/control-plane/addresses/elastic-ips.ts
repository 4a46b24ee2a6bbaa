// Elastic IPs: a static public address the team holds, associated with one
// running instance at a time and moved to another in one step (the failover
// the seed's DNS-TTL story needed). Events record when each address was
// attached, for the idle-address charge.
import { z } from "zod";
import { shortLists } from "../../sql/in-list";
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

export const EIP_LIMIT = 5;

// A stopped or terminated instance loses its Elastic IP, as in EC2-Classic.
afterTransition.push(async (db: Tx, instanceId, to, at) => {
  if (to !== "stopped" && to !== "terminated") return;
  // Plain SQL: this runs inside the reconciler's batch for every stop and terminate.
  const [eip] = await readRows<{ id: string; teamId: string }>(db, Prisma.sql`SELECT "id", "teamId" FROM "ElasticIp" WHERE "instanceId" = ${instanceId}`);
  if (!eip) return;
  await execSql(db, Prisma.sql`UPDATE "ElasticIp" SET "instanceId" = NULL, "associationId" = NULL WHERE "id" = ${eip.id}`);
  await db.eipEvent.create({ data: { allocationId: eip.id, teamId: eip.teamId, kind: "disassociate", instanceId, at } });
});

export function addressView(e: { id: string; publicIp: string; instanceId: string | null; associationId: string | null; allocatedAt: Date }) {
  return { allocationId: e.id, publicIp: e.publicIp, instanceId: e.instanceId, associationId: e.associationId, allocatedAt: e.allocatedAt.toISOString(), domain: "standard" as const };
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

/** Gives an instance a fresh dynamic public address (after its Elastic IP leaves). */
async function redynamise(ctx: TxCtx, instanceId: string) {
  const [ip] = await takePublicIps(ctx.db, 1);
  await ctx.db.instance.update({ where: { id: instanceId }, data: { publicIp: ip, publicDns: publicDns(ip) } });
}

async function detach(ctx: TxCtx, eip: { id: string; instanceId: string | null }) {
  if (!eip.instanceId) return;
  await ctx.db.elasticIp.update({ where: { id: eip.id }, data: { instanceId: null, associationId: null } });
  await ctx.db.eipEvent.create({ data: { allocationId: eip.id, teamId: ctx.team.id, kind: "disassociate", instanceId: eip.instanceId, at: ctx.clock.now() } });
  const inst = await ctx.db.instance.findUnique({ where: { id: eip.instanceId }, select: { state: true } });
  if (inst?.state === "running" || inst?.state === "pending") await redynamise(ctx, eip.instanceId);
}

export const allocateAddress = defineVerb({
  kind: "write",
  name: "AllocateAddress",
  permission: "addresses.write",
  input: z.object({}),
  async run({ ctx, audit }) {
    const held = await ctx.db.elasticIp.count({ where: { teamId: ctx.team.id, releasedAt: null } });
    if (held >= EIP_LIMIT) throw new ServiceError("AddressLimitExceeded", `Your team holds ${held} Elastic IPs, the most it may. Release one first.`);
    const [ip] = await takePublicIps(ctx.db, 1);
    const id = newId("eipalloc");
    const now = ctx.clock.now();
    const row = await ctx.db.elasticIp.create({ data: { id, teamId: ctx.team.id, publicIp: ip, allocatedAt: now } });
    await ctx.db.eipEvent.create({ data: { allocationId: id, teamId: ctx.team.id, kind: "allocate", at: now } });
    audit.targets(id);
    audit.detail(ip);
    return addressView(row);
  },
});

export const associateAddress = defineVerb({
  kind: "write",
  name: "AssociateAddress",
  permission: "addresses.write",
  input: ref.extend({ instanceId: instanceIdSchema }),
  failureTargets: (i) => [i.allocationId ?? i.publicIp ?? "", i.instanceId],
  async run({ ctx, input, audit }) {
    const eip = await findAddress(ctx, input);
    const inst = await ctx.db.instance.findFirst({ where: { id: input.instanceId, teamId: ctx.team.id } });
    if (!inst) throw new ServiceError("InvalidInstanceID.NotFound", `The instance ID '${input.instanceId}' does not exist`, "instanceId");
    if (inst.state !== "running") throw new ServiceError("IncorrectInstanceState", `${inst.id} is ${inst.state}: an Elastic IP can only be associated with a running instance.`, "instanceId");
    if (eip.instanceId === inst.id) return { ...addressView(eip), movedFrom: null };
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
    await ctx.db.eipEvent.create({ data: { allocationId: eip.id, teamId: ctx.team.id, kind: "associate", instanceId: inst.id, at: now } });
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
    const eip = await findAddress(ctx, input);
    if (!eip.instanceId) throw new ServiceError("InvalidAssociationID.NotFound", `${eip.publicIp} is not associated with an instance.`, "allocationId");
    const was = eip.instanceId;
    await detach(ctx, eip);
    audit.targets(eip.id, was);
    audit.detail(`${eip.publicIp} from ${was}`);
    return { ...addressView({ ...eip, instanceId: null, associationId: null }), formerInstanceId: was };
  },
  after: ({ output }) => notifyInstances([output.formerInstanceId]),
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
