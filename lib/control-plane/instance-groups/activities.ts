// A group's activity history: every launch, termination and address move,
// with its cause in EC2 Auto Scaling's words and how it ended.
import { z } from "zod";
import crypto from "node:crypto";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import type { TxCtx } from "../context";
import { findGroupByName, groupNameSchema } from "./views";

export type ActivityStatus = "InProgress" | "Successful" | "Failed" | "Cancelled";

export interface ActivityView {
  id: string;
  groupName: string;
  description: string;
  cause: string;
  status: ActivityStatus;
  statusMessage: string;
  progress: number;
  instanceId: string | null;
  startedAt: string;
  endedAt: string | null;
}

export async function logActivity(
  ctx: TxCtx,
  group: { id: string },
  a: { description: string; cause: string; status: ActivityStatus; statusMessage?: string; instanceId?: string | null; endedAt?: Date | null },
): Promise<string> {
  const id = crypto.randomUUID();
  const now = ctx.clock.now();
  const done = a.status !== "InProgress";
  await ctx.db.scalingActivity.create({
    data: {
      id, groupId: group.id, teamId: ctx.team.id, description: a.description, cause: a.cause, status: a.status, statusMessage: (a.statusMessage ?? "").slice(0, 1000),
      progress: done ? 100 : 0, instanceId: a.instanceId ?? null, startedAt: now, endedAt: a.endedAt ?? (done ? now : null),
    },
  });
  return id;
}

const token = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
function untoken(t: string | undefined): number {
  if (!t) return 0;
  try {
    const o = JSON.parse(Buffer.from(t, "base64url").toString("utf8")).o;
    if (Number.isInteger(o) && o >= 0) return o;
  } catch {
    /* below */
  }
  throw new ServiceError("ValidationError", "The NextToken is not valid: pass back the token a previous response returned.", "nextToken");
}

export const describeActivities = defineVerb({
  kind: "read",
  name: "DescribeScalingActivities",
  permission: "fleets.read",
  input: z.object({
    name: groupNameSchema.optional(),
    activityIds: z.array(z.string()).max(50).default([]),
    maxRecords: z.coerce.number().int().min(1, "MaxRecords is 1 to 100.").max(100, "MaxRecords is 1 to 100.").default(100),
    nextToken: z.string().optional(),
  }),
  async run({ ctx, input }) {
    const group = input.name ? await findGroupByName(ctx, input.name) : null;
    const offset = untoken(input.nextToken);
    const rows = await ctx.db.scalingActivity.findMany({
      where: { teamId: ctx.team.id, ...(group ? { groupId: group.id } : {}), ...(input.activityIds.length ? { id: { in: input.activityIds } } : {}) },
      orderBy: [{ startedAt: "desc" }, { id: "asc" }],
      skip: offset,
      take: input.maxRecords + 1,
    });
    const names = new Map((await ctx.db.scalingGroup.findMany({ where: { teamId: ctx.team.id, id: { in: [...new Set(rows.map((r) => r.groupId))] } }, select: { id: true, name: true } })).map((g) => [g.id, g.name]));
    const more = rows.length > input.maxRecords;
    return {
      activities: rows.slice(0, input.maxRecords).map(
        (r): ActivityView => ({
          id: r.id, groupName: names.get(r.groupId) ?? "", description: r.description, cause: r.cause, status: r.status as ActivityStatus, statusMessage: r.statusMessage, progress: r.progress,
          instanceId: r.instanceId, startedAt: r.startedAt.toISOString(), endedAt: r.endedAt?.toISOString() ?? null,
        }),
      ),
      nextToken: more ? token(offset + input.maxRecords) : null,
    };
  },
});
