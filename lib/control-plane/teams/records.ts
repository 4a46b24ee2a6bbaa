// What every team starts with: its default VPC and subnets, its default
// security group (all traffic among its members, as EC2's default group
// allowed; all traffic out) and the 2008 price book.
import type { Tx } from "../../db";
import { newId, newUuid } from "../../ids";
import { seedPriceBook } from "../../billing/price-book";
import { settings } from "../../config";
import { createDefaultVpc } from "../vpcs/defaults";

export async function createTeamRecords(db: Tx, name: string, at: Date): Promise<{ id: string; name: string }> {
  const team = await db.team.create({ data: { id: newUuid(), name, instanceLimit: settings.instanceLimitDefault(), createdAt: at } });
  const groupId = newId("sg");
  await db.securityGroup.create({ data: { id: groupId, teamId: team.id, name: "default", description: "default group", createdAt: at } });
  await db.securityGroupRule.create({
    data: { id: newId("sgr"), groupId, teamId: team.id, protocol: "all", fromPort: -1, toPort: -1, sourceGroupId: groupId, description: "members of the default group", createdAt: at },
  });
  await db.securityGroupEgress.create({ data: { id: newId("sgr"), groupId, teamId: team.id, protocol: "all", fromPort: -1, toPort: -1, cidr: "0.0.0.0/0", createdAt: at } });
  await createDefaultVpc(db, team.id, at);
  await seedPriceBook(db, team.id, at);
  return { id: team.id, name: team.name };
}
