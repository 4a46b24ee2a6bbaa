// The team's VPC and subnets (DescribeVpcs, DescribeSubnets), and the subnet a
// launch goes into. Stratus has the default VPC only: one per team.
import { z } from "zod";
import { Prisma } from "../../generated/prisma/client";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { readRows } from "../../sql/read-rows";
import { type Lookup } from "../../sql/lookup";
import { inList } from "../../sql/in-list";
import type { Ctx, TxCtx } from "../context";
import { tagMap } from "../tags/resource-tags";
import { subnetCapacity } from "../addresses/subnet-pool";

type AnyCtx = Ctx | TxCtx;

export interface SubnetRow {
  id: string;
  vpcId: string;
  availabilityZone: string;
  cidrBlock: string;
  defaultForAz: boolean;
  mapPublicIpOnLaunch: boolean;
}

export async function teamSubnets(ctx: AnyCtx): Promise<SubnetRow[]> {
  const rows = await readRows<SubnetRow & { defaultForAz: unknown; mapPublicIpOnLaunch: unknown }>(
    ctx.db,
    Prisma.sql`SELECT "id", "vpcId", "availabilityZone", "cidrBlock", "defaultForAz", "mapPublicIpOnLaunch" FROM "Subnet" WHERE "teamId" = ${ctx.team.id} ORDER BY "availabilityZone", "id"`,
  );
  return rows.map((r) => ({ ...r, defaultForAz: Boolean(Number(r.defaultForAz)), mapPublicIpOnLaunch: Boolean(Number(r.mapPublicIpOnLaunch)) }));
}

export async function defaultVpc(ctx: AnyCtx): Promise<{ id: string; cidrBlock: string }> {
  const [v] = await readRows<{ id: string; cidrBlock: string }>(ctx.db, Prisma.sql`SELECT "id", "cidrBlock" FROM "Vpc" WHERE "teamId" = ${ctx.team.id} AND "isDefault" = true`);
  if (!v) throw new ServiceError("InternalError", "The team has no default VPC.");
  return v;
}

/** How many addresses of each subnet are held by instances. */
export async function subnetUse(ctx: AnyCtx, subnetIds: string[]): Promise<Map<string, number>> {
  if (!subnetIds.length) return new Map();
  const rows = await readRows<{ subnetId: string; c: bigint | number }>(
    ctx.db,
    Prisma.sql`SELECT "subnetId", COUNT(*) AS c FROM "Instance" WHERE ${inList(Prisma.sql`"subnetId"`, subnetIds)} AND "privateIp" IS NOT NULL GROUP BY "subnetId"`,
  );
  return new Map(rows.map((r) => [r.subnetId, Number(r.c)]));
}

/** The team's subnets, each with how many of its addresses instances hold. */
export function subnetsInUseLookup(ctx: AnyCtx): Lookup<(SubnetRow & { used: number })[]> {
  return {
    sql: Prisma.sql`SELECT "id", "vpcId", "availabilityZone", "cidrBlock", "defaultForAz", "mapPublicIpOnLaunch",
      (SELECT COUNT(*) FROM "Instance" WHERE "Instance"."subnetId" = "Subnet"."id" AND "privateIp" IS NOT NULL) AS "used"
      FROM "Subnet" WHERE "teamId" = ${ctx.team.id} ORDER BY "availabilityZone", "id"`,
    read: (rows) =>
      rows.map((r) => ({
        id: String(r.id), vpcId: String(r.vpcId), availabilityZone: String(r.availabilityZone), cidrBlock: String(r.cidrBlock),
        defaultForAz: Boolean(Number(r.defaultForAz)), mapPublicIpOnLaunch: Boolean(Number(r.mapPublicIpOnLaunch)), used: Number(r.used),
      })),
  };
}

/**
 * The subnet a launch of `count` instances goes into: the one named, or the
 * default subnet of the zone named, or (neither) a default subnet with room.
 */
export function launchSubnet(subnets: (SubnetRow & { used: number })[], want: { subnetId?: string; availabilityZone?: string; avoidZones?: ReadonlySet<string> }, count: number): SubnetRow {
  if (want.subnetId) {
    const s = subnets.find((x) => x.id === want.subnetId);
    if (!s) throw new ServiceError("InvalidSubnetID.NotFound", `The subnet ID '${want.subnetId}' does not exist`, "subnetId");
    if (want.availabilityZone && want.availabilityZone !== s.availabilityZone)
      throw new ServiceError("InvalidParameterCombination", `The subnet ${s.id} is in ${s.availabilityZone}, not ${want.availabilityZone}: name one or the other.`, "availabilityZone");
    return s;
  }
  const defaults = subnets.filter((s) => s.defaultForAz);
  if (want.availabilityZone) {
    const s = defaults.find((x) => x.availabilityZone === want.availabilityZone);
    if (!s) throw new ServiceError("InvalidParameterValue", `Invalid availability zone: [${want.availabilityZone}]. Choose one of ${defaults.map((d) => d.availabilityZone).join(", ")}.`, "availabilityZone");
    return s;
  }
  // EC2 picks a zone for you: here, at random among those with room.
  const up = defaults.filter((s) => !want.avoidZones?.has(s.availabilityZone));
  const candidates = up.length ? up : defaults;
  const room = (s: SubnetRow & { used: number }) => subnetCapacity(s.cidrBlock) - s.used;
  const roomy = candidates.filter((s) => room(s) >= count);
  if (roomy.length) return roomy[Math.floor(Math.random() * roomy.length)];
  // None has room for all of them: the roomiest, which launches the most (down to MinCount) or says why not.
  return candidates.reduce((a, b) => (room(b) > room(a) ? b : a));
}

const ids = z.object({ ids: z.array(z.string()).default([]) });

export const describeVpcs = defineVerb({
  kind: "read",
  name: "DescribeVpcs",
  permission: "groups.read",
  input: ids,
  async run({ ctx, input }) {
    const rows = await readRows<{ id: string; cidrBlock: string; isDefault: unknown }>(ctx.db, Prisma.sql`SELECT "id", "cidrBlock", "isDefault" FROM "Vpc" WHERE "teamId" = ${ctx.team.id} ORDER BY "id"`);
    for (const id of input.ids) if (!rows.some((r) => r.id === id)) throw new ServiceError("InvalidVpcID.NotFound", `The vpc ID '${id}' does not exist`, "vpcIds");
    const tags = await tagMap(ctx.db, ctx.team.id, rows.map((r) => r.id));
    return rows
      .filter((r) => !input.ids.length || input.ids.includes(r.id))
      .map((r) => ({ id: r.id, cidrBlock: r.cidrBlock, isDefault: Boolean(Number(r.isDefault)), state: "available" as const, tags: tags.get(r.id) ?? {} }));
  },
});

export const describeSubnets = defineVerb({
  kind: "read",
  name: "DescribeSubnets",
  permission: "groups.read",
  input: ids,
  async run({ ctx, input }) {
    const subnets = await teamSubnets(ctx);
    for (const id of input.ids) if (!subnets.some((s) => s.id === id)) throw new ServiceError("InvalidSubnetID.NotFound", `The subnet ID '${id}' does not exist`, "subnetIds");
    const shown = subnets.filter((s) => !input.ids.length || input.ids.includes(s.id));
    const [used, tags] = await Promise.all([subnetUse(ctx, shown.map((s) => s.id)), tagMap(ctx.db, ctx.team.id, shown.map((s) => s.id))]);
    return shown.map((s) => ({ ...s, state: "available" as const, availableIpAddressCount: Math.max(0, subnetCapacity(s.cidrBlock) - (used.get(s.id) ?? 0)), tags: tags.get(s.id) ?? {} }));
  },
});

export type SubnetView = Awaited<ReturnType<typeof describeSubnets>>[number];
export type VpcView = Awaited<ReturnType<typeof describeVpcs>>[number];
