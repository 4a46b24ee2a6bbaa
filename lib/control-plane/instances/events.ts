// Scheduled events (instance-retirement, system-reboot) with a not-before
// date: an admin schedules one on a simulated instance for demos; when the
// date passes the provider carries it out and the console shows it.
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { newId } from "../../ids";
import { instanceIdSchema } from "./schemas";
import { afterTransition } from "./observe";
import { notifyInstances } from "../../events";

export const EVENT_CODES = ["instance-retirement", "system-reboot"] as const;

const DESCRIPTIONS: Record<(typeof EVENT_CODES)[number], string> = {
  "instance-retirement": "The instance is running on degraded hardware and will be retired: it is terminated and its instance storage lost.",
  "system-reboot": "The host needs maintenance: the instance will be rebooted. Its addresses and disks are kept.",
};

// An instance that is gone has no more events to wait for.
afterTransition.push(async (db, instanceId, to, at) => {
  if (to === "terminated") await db.scheduledEvent.updateMany({ where: { instanceId, completedAt: null, canceledAt: null }, data: { canceledAt: at } });
});

export const scheduleEvent = defineVerb({
  kind: "write",
  name: "ScheduleInstanceEvent",
  permission: "instances.schedule",
  input: z.object({
    instanceId: instanceIdSchema,
    code: z.enum(EVENT_CODES, { message: "The event is instance-retirement or system-reboot." }),
    notBefore: z.string().refine((s) => !Number.isNaN(new Date(s).getTime()), "Give the not-before time as a date and time (UTC)."),
  }),
  failureTargets: (i) => [i.instanceId],
  async run({ ctx, input, audit }) {
    const inst = await ctx.db.instance.findFirst({ where: { id: input.instanceId, teamId: ctx.team.id } });
    if (!inst) throw new ServiceError("InvalidInstanceID.NotFound", `The instance ID '${input.instanceId}' does not exist`, "instanceId");
    if (inst.provider !== "sim") throw new ServiceError("UnsupportedOperation", "Events can be scheduled on simulated instances only.", "instanceId");
    if (inst.state === "terminated" || inst.state === "shutting-down") throw new ServiceError("IncorrectInstanceState", `${inst.id} is ${inst.state}.`, "instanceId");
    const notBefore = new Date(input.notBefore);
    const now = ctx.clock.now();
    if (notBefore <= now) throw new ServiceError("InvalidParameterValue", `The not-before time must be in the future (simulated time is ${now.toISOString()}).`, "notBefore");
    const id = newId("instance-event");
    await ctx.db.scheduledEvent.create({ data: { id, instanceId: inst.id, teamId: ctx.team.id, code: input.code, description: DESCRIPTIONS[input.code], notBefore, createdAt: now, createdBy: ctx.actor.kind === "user" ? ctx.actor.email : ctx.actor.kind } });
    if (!inst.nextCheckAt || notBefore < inst.nextCheckAt) await ctx.db.instance.update({ where: { id: inst.id }, data: { nextCheckAt: notBefore } });
    audit.targets(id, inst.id);
    audit.detail(`${input.code} not before ${notBefore.toISOString()}`);
    return { eventId: id, code: input.code, notBefore: notBefore.toISOString(), description: DESCRIPTIONS[input.code] };
  },
  after: ({ input }) => notifyInstances([input.instanceId]),
});

export const cancelEvent = defineVerb({
  kind: "write",
  name: "CancelInstanceEvent",
  permission: "instances.schedule",
  input: z.object({ eventId: z.string().min(1) }),
  failureTargets: (i) => [i.eventId],
  async run({ ctx, input, audit }) {
    const e = await ctx.db.scheduledEvent.findFirst({ where: { id: input.eventId, teamId: ctx.team.id, completedAt: null, canceledAt: null } });
    if (!e) throw new ServiceError("ResourceNotFound", `The event '${input.eventId}' does not exist or is over.`, "eventId");
    await ctx.db.scheduledEvent.update({ where: { id: e.id }, data: { canceledAt: ctx.clock.now() } });
    audit.targets(e.id, e.instanceId);
    return { eventId: e.id };
  },
});
