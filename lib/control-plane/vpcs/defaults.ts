// The default VPC every team has, laid out as EC2 lays out an account's:
// 172.31.0.0/16 with a /20 default subnet per availability zone. Created with
// the team (and backfilled for older teams by migration 0007_vpc).
import type { Tx } from "../../db";
import { newId } from "../../ids";
import { AVAILABILITY_ZONES } from "../catalog/seed-data";

export const DEFAULT_VPC_CIDR = "172.31.0.0/16";

/** The default subnet of each zone: 172.31.0.0/20, 172.31.16.0/20, … */
export const DEFAULT_SUBNET_CIDRS: Record<string, string> = Object.fromEntries(AVAILABILITY_ZONES.map((z, i) => [z, `172.31.${i * 16}.0/20`]));

export async function createDefaultVpc(db: Tx, teamId: string, at: Date): Promise<{ vpcId: string; subnetIds: string[] }> {
  const vpcId = newId("vpc");
  await db.vpc.create({ data: { id: vpcId, teamId, cidrBlock: DEFAULT_VPC_CIDR, isDefault: true, createdAt: at } });
  const subnets = AVAILABILITY_ZONES.map((z) => ({ id: newId("subnet"), teamId, vpcId, availabilityZone: z, cidrBlock: DEFAULT_SUBNET_CIDRS[z], defaultForAz: true, mapPublicIpOnLaunch: true, createdAt: at }));
  await db.subnet.createMany({ data: subnets });
  return { vpcId, subnetIds: subnets.map((s) => s.id) };
}
