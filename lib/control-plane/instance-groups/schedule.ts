// Scaling on a schedule: a scheduled action sets a group's min, max and/or
// desired capacity once at a time, or on a cron recurrence (five fields, UTC),
// as EC2 Auto Scaling's PutScheduledUpdateGroupAction. Times are simulated
// time, so at 3600× a daily schedule runs every 24 seconds.
import { z } from "zod";
import { plainText } from "../../text";
import crypto from "node:crypto";
import { Cron } from "croner";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { findGroupByName, groupNameSchema } from "./views";
import { notifyInstanceGroups } from "./events";

/** The next run of a five-field UTC cron expression after `after`, or what is wrong with it. */
export function nextCronRun(expr: string, after: Date): Date | null {
  let cron: Cron;
  try {
    cron = new Cron(expr, { mode: "5-part", timezone: "UTC", paused: true });
  } catch (e) {
    throw new ServiceError("ValidationError", `The recurrence "${expr}" is not a cron expression of five fields (minute hour day-of-month month day-of-week, UTC): ${(e as Error).message.replace(/^CronPattern: /, "")}`, "recurrence");
  }
  return cron.nextRun(after);
}

/** When an action runs next, from `after`: its start time, then its recurrence, until its end time. */
export function nextRunOf(a: { recurrence: string | null; startTime: Date | null; endTime: Date | null }, after: Date): Date | null {
  let next: Date | null;
  if (a.recurrence) next = nextCronRun(a.recurrence, a.startTime && a.startTime > after ? new Date(a.startTime.getTime() - 1) : after);
  else next = a.startTime && a.startTime > after ? a.startTime : null;
  return next && a.endTime && next > a.endTime ? null : next;
}

const time = (field: string) =>
  z
    .string()
    .trim()
    .refine((s) => !Number.isNaN(Date.parse(s)), `Give ${field} as a date and time (UTC), such as 2026-03-02T09:00:00Z.`)
    .transform((s) => new Date(s));

const size = z.coerce.number().int("Sizes are whole numbers.").min(0, "Sizes can't be negative.").max(1000, "Sizes are at most 1,000.");

export interface ScheduledActionView {
  name: string;
  groupName: string;
  recurrence: string | null;
  startTime: string | null;
  endTime: string | null;
  minSize: number | null;
  maxSize: number | null;
  desired: number | null;
  nextRunAt: string | null;
  lastRunAt: string | null;
}

const view = (groupName: string, a: { name: string; recurrence: string | null; startTime: Date | null; endTime: Date | null; minSize: number | null; maxSize: number | null; desired: number | null; nextRunAt: Date | null; lastRunAt: Date | null }): ScheduledActionView => ({
  name: a.name, groupName, recurrence: a.recurrence, startTime: a.startTime?.toISOString() ?? null, endTime: a.endTime?.toISOString() ?? null,
  minSize: a.minSize, maxSize: a.maxSize, desired: a.desired, nextRunAt: a.nextRunAt?.toISOString() ?? null, lastRunAt: a.lastRunAt?.toISOString() ?? null,
});

export const putScheduledAction = defineVerb({
  kind: "write",
  name: "PutScheduledUpdateGroupAction",
  permission: "fleets.write",
  input: z.object({
    groupName: groupNameSchema,
    name: plainText(z.string().trim().min(1, "Name the scheduled action.").max(255, "A scheduled action name is at most 255 characters."), "Scheduled action names"),
    recurrence: z.string().trim().min(1).max(256).optional(),
    startTime: time("the start time").optional(),
    endTime: time("the end time").optional(),
    minSize: size.optional(),
    maxSize: size.optional(),
    desired: size.optional(),
  }),
  failureTargets: (i) => [i.groupName],
  async run({ ctx, input, audit }) {
    const g = await findGroupByName(ctx, input.groupName);
    if (input.minSize === undefined && input.maxSize === undefined && input.desired === undefined)
      throw new ServiceError("ValidationError", "At least one of min size, max size or desired capacity must be given.", "desired");
    if (!input.recurrence && !input.startTime) throw new ServiceError("ValidationError", "Give a start time, a recurrence, or both.", "startTime");
    const now = ctx.clock.now();
    if (!input.recurrence && input.startTime! <= now) throw new ServiceError("ValidationError", `Given start time is in the past (simulated time is ${now.toISOString()}).`, "startTime");
    if (input.endTime && input.endTime <= (input.startTime ?? now)) throw new ServiceError("ValidationError", "The end time must be after the start time (and in the future).", "endTime");
    const spec = { recurrence: input.recurrence ?? null, startTime: input.startTime ?? null, endTime: input.endTime ?? null };
    const nextRunAt = nextRunOf(spec, now);
    if (!nextRunAt) throw new ServiceError("ValidationError", "This schedule never runs: its recurrence has no time before its end time.", "recurrence");
    const data = { ...spec, minSize: input.minSize ?? null, maxSize: input.maxSize ?? null, desired: input.desired ?? null, nextRunAt };
    const row = await ctx.db.scheduledScaling.upsert({
      where: { groupId_name: { groupId: g.id, name: input.name } },
      create: { id: crypto.randomUUID(), groupId: g.id, teamId: ctx.team.id, name: input.name, createdAt: now, ...data },
      update: data,
    });
    await ctx.db.scalingGroup.update({ where: { id: g.id }, data: { nextCheckAt: g.nextCheckAt && g.nextCheckAt < nextRunAt ? g.nextCheckAt : nextRunAt } });
    audit.targets(g.id);
    audit.detail(`${input.name}: ${input.recurrence ? `"${input.recurrence}"` : nextRunAt.toISOString()} → min ${input.minSize ?? "-"}, max ${input.maxSize ?? "-"}, desired ${input.desired ?? "-"}`);
    return view(g.name, row);
  },
  after: () => notifyInstanceGroups(),
});

export const deleteScheduledAction = defineVerb({
  kind: "write",
  name: "DeleteScheduledAction",
  permission: "fleets.write",
  input: z.object({ groupName: groupNameSchema, name: z.string().min(1, "Name the scheduled action.") }),
  failureTargets: (i) => [i.groupName],
  async run({ ctx, input, audit }) {
    const g = await findGroupByName(ctx, input.groupName);
    const n = await ctx.db.scheduledScaling.deleteMany({ where: { groupId: g.id, name: input.name } });
    if (n.count === 0) throw new ServiceError("ValidationError", `Scheduled action name not found - ${input.name} does not exist in ${g.name}`, "name");
    audit.targets(g.id);
    audit.detail(input.name);
    return { name: input.name };
  },
});

export const describeScheduledActions = defineVerb({
  kind: "read",
  name: "DescribeScheduledActions",
  permission: "fleets.read",
  input: z.object({ groupName: groupNameSchema.optional(), names: z.array(z.string()).max(50).default([]) }),
  async run({ ctx, input }) {
    const g = input.groupName ? await findGroupByName(ctx, input.groupName) : null;
    const rows = await ctx.db.scheduledScaling.findMany({
      where: { teamId: ctx.team.id, ...(g ? { groupId: g.id } : {}), ...(input.names.length ? { name: { in: input.names } } : {}) },
      orderBy: [{ nextRunAt: "asc" }, { name: "asc" }],
    });
    const names = new Map((await ctx.db.scalingGroup.findMany({ where: { teamId: ctx.team.id }, select: { id: true, name: true } })).map((x) => [x.id, x.name]));
    return rows.map((r) => view(names.get(r.groupId) ?? "", r));
  },
});
