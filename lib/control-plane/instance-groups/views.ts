// Reading instance groups as views: the group, its template, its Elastic IP
// and its members with their instances' states, in a fixed number of queries.
import { z } from "zod";
import { plainText } from "../../text";
import type { Ctx, TxCtx } from "../context";
import { Prisma } from "../../generated/prisma/client";
import { readRows } from "../../sql/read-rows";
import { inChunks } from "../../sql/chunks";
import { inList } from "../../sql/in-list";
import { date } from "../../sql/decode";
import { accountIdOf } from "../../ids";
import { ServiceError } from "../../errors";
import type { ScalingGroup } from "../../generated/prisma/client";

type AnyCtx = Ctx | TxCtx;

// Plain text (lib/text.ts: no C0 or C1 controls): the name becomes the members' aws:autoscaling:groupName tag.
export const groupNameSchema = plainText(z.string().trim().min(1, "Name the instance group.").max(255, "An instance group name is at most 255 characters."), "Instance group names")
  .refine((s) => !s.includes(":"), "An instance group name can't contain a colon.");


export const HEALTH_CHECK_TYPES = ["EC2", "HTTP", "TCP"] as const;
export type HealthCheckType = (typeof HEALTH_CHECK_TYPES)[number];

export interface GroupTag {
  key: string;
  value: string;
  propagate: boolean;
}

export interface MemberView {
  instanceId: string;
  slot: number;
  zone: string;
  lifecycle: string;
  health: string;
  healthReason: string;
  state: string;
  instanceType: string;
  publicIp: string | null;
  privateIp: string | null;
  launchedAt: string;
}

export interface GroupView {
  id: string;
  arn: string;
  name: string;
  templateId: string;
  templateName: string;
  templateVersion: string;
  minSize: number;
  maxSize: number;
  desired: number;
  zones: string[];
  healthCheckType: HealthCheckType;
  healthCheckPort: number | null;
  healthCheckPath: string;
  gracePeriod: number;
  elasticIp: { allocationId: string; publicIp: string; instanceId: string | null } | null;
  tags: GroupTag[];
  createdAt: string;
  members: MemberView[];
  inService: number;
  /** Members on their way in or out: the console polls fast while any is. */
  transitioning: boolean;
}

export const groupArn = (teamId: string, g: { id: string; name: string }) => `arn:aws:autoscaling:us-east-1:${accountIdOf(teamId)}:autoScalingGroup:${g.id}:autoScalingGroupName/${g.name}`;

export async function findGroupByName(ctx: AnyCtx, name: string): Promise<ScalingGroup> {
  const g = await ctx.db.scalingGroup.findFirst({ where: { teamId: ctx.team.id, name } });
  if (!g) throw new ServiceError("ValidationError", `AutoScalingGroup name not found - AutoScalingGroup ${name} not found`, "name");
  return g;
}

interface MemberRow {
  groupId: string;
  instanceId: string;
  slot: bigint | number;
  availabilityZone: string;
  lifecycle: string;
  health: string;
  healthReason: string;
  state: string | null;
  instanceType: string | null;
  publicIp: string | null;
  privateIp: string | null;
  launchedAt: unknown;
}

/** Views of these groups (rows of the team), members and all. */
export async function groupViews(ctx: AnyCtx, groups: ScalingGroup[]): Promise<GroupView[]> {
  if (!groups.length) return [];
  const ids = groups.map((g) => g.id);
  // Members in one statement (the ids as one parameter); the Prisma lookups in chunks.
  const [members, templates, eips] = await Promise.all([
    readRows<MemberRow>(
      ctx.db,
      Prisma.sql`SELECT m."groupId", m."instanceId", m."slot", m."availabilityZone", m."lifecycle", m."health", m."healthReason", i."state", i."instanceType", i."publicIp", i."privateIp", i."launchedAt"
        FROM "ScalingGroupMember" m LEFT JOIN "Instance" i ON i."id" = m."instanceId"
        WHERE m."teamId" = ${ctx.team.id} AND ${inList(Prisma.sql`m."groupId"`, ids)} ORDER BY m."slot"`,
    ),
    inChunks([...new Set(groups.map((g) => g.templateId))], (c) => ctx.db.launchTemplate.findMany({ where: { teamId: ctx.team.id, id: { in: c } }, select: { id: true, name: true } })),
    inChunks(groups.map((g) => g.elasticIpId).filter((x): x is string => Boolean(x)), (c) =>
      ctx.db.elasticIp.findMany({ where: { teamId: ctx.team.id, id: { in: c } }, select: { id: true, publicIp: true, instanceId: true, releasedAt: true } }),
    ),
  ]);
  return groups.map((g) => {
    const mine = members.filter((m) => m.groupId === g.id).map(
      (m): MemberView => ({
        instanceId: m.instanceId, slot: Number(m.slot), zone: m.availabilityZone, lifecycle: m.lifecycle, health: m.health, healthReason: m.healthReason,
        state: m.state ?? "terminated", instanceType: m.instanceType ?? "", publicIp: m.publicIp, privateIp: m.privateIp, launchedAt: m.launchedAt === null ? "" : date(m.launchedAt).toISOString(),
      }),
    );
    const eip = eips.find((e) => e.id === g.elasticIpId && !e.releasedAt);
    const inService = mine.filter((m) => m.lifecycle === "InService").length;
    return {
      id: g.id, arn: groupArn(ctx.team.id, g), name: g.name, templateId: g.templateId, templateName: templates.find((t) => t.id === g.templateId)?.name ?? "(deleted)", templateVersion: g.templateVersion,
      minSize: g.minSize, maxSize: g.maxSize, desired: g.desired, zones: g.zones.split(",").filter(Boolean), healthCheckType: g.healthCheckType as HealthCheckType, healthCheckPort: g.healthCheckPort,
      healthCheckPath: g.healthCheckPath, gracePeriod: g.gracePeriod, elasticIp: eip ? { allocationId: eip.id, publicIp: eip.publicIp, instanceId: eip.instanceId } : null,
      tags: JSON.parse(g.tags) as GroupTag[], createdAt: g.createdAt.toISOString(), members: mine, inService,
      transitioning: mine.length !== g.desired || mine.some((m) => m.lifecycle !== "InService" || m.state !== "running"),
    };
  });
}
