// One group brought to what it should be, in one transaction that re-reads
// everything it decides on: due scheduled actions applied; members whose
// instance failed, was retired, stopped or terminated (or failed its health
// check) taken out and terminated; members launched into free slots until the
// desired count is met, or terminated when it is exceeded; the group's Elastic
// IP moved to an in-service member. A slot is a member row's primary key, so
// two passes can't both fill one: replacement happens exactly once.
import { z } from "zod";
import { defineVerb, type AuditSink } from "../verb";
import { isServiceError } from "../../errors";
import type { TxCtx } from "../context";
import { Prisma } from "../../generated/prisma/client";
import { execSql, readRows } from "../../sql/read-rows";
import { insertRows } from "../../sql/insert";
import { date } from "../../sql/decode";
import { launchInstances } from "../instances/launch";
import { terminateInstances } from "../instances/actions";
import { associateAddress } from "../addresses/elastic-ips";
import { templateVersion } from "../launch-templates/templates";
import { zonesDown } from "./outage";
import { logActivity } from "./activities";
import { nextRunOf } from "./schedule";
import { at, freeSlots, outOfServiceCause, pickForTermination, zonesForLaunches } from "./plan";
import type { GroupTag } from "./views";
import { notifyInstances } from "../../events";

import { GROUP_TAG } from "../costs/report";
/** The tag EC2 Auto Scaling puts on every member; costs group by it. */
export { GROUP_TAG };
/** Real seconds a group waits after a failed launch before trying again. */
export const LAUNCH_RETRY_SECONDS = 10;
export const ACTIVITY_DAYS = 42;

interface MemberRow {
  instanceId: string;
  slot: bigint | number;
  availabilityZone: string;
  lifecycle: string;
  health: string;
  healthReason: string;
  state: string | null;
  reasonCode: string | null;
  reasonMsg: string | null;
  launchedAt: unknown;
}

export interface ReconcileResult {
  launched: string[];
  terminated: string[];
  removed: string[];
  changed: boolean;
}

/** Scheduled actions due now: the group's sizes change (clamped as EC2 Auto Scaling does); returns the new sizes. */
async function runSchedules(ctx: TxCtx, g: { id: string; minSize: number; maxSize: number; desired: number }, audit: AuditSink) {
  const now = ctx.clock.now();
  const due = await ctx.db.scheduledScaling.findMany({ where: { groupId: g.id, nextRunAt: { lte: now } }, orderBy: { nextRunAt: "asc" } });
  let { minSize, maxSize, desired } = g;
  for (const a of due) {
    const before = desired;
    minSize = a.minSize ?? minSize;
    maxSize = a.maxSize ?? maxSize;
    if (minSize > maxSize) {
      await logActivity(ctx, g, { description: `Scheduled action ${a.name} failed`, cause: `At ${at(now)} the scheduled action ${a.name} could not run: min ${minSize} is above max ${maxSize}.`, status: "Failed", statusMessage: "Min size is above max size." });
      ({ minSize, maxSize } = g);
    } else {
      desired = Math.min(Math.max(a.desired ?? desired, minSize), maxSize);
      audit.detail(`scheduled action ${a.name}: min ${minSize}, max ${maxSize}, desired ${before} → ${desired}`);
      await logActivity(ctx, g, {
        description: `Scheduled action ${a.name}: min ${minSize}, max ${maxSize}, desired ${desired}`,
        cause: `At ${at(now)} a scheduled action update of AutoScalingGroup constraints to min: ${minSize}, max: ${maxSize}, desired: ${desired} changing the desired capacity from ${before} to ${desired}.`,
        status: "Successful",
      });
    }
    const next = a.recurrence ? nextRunOf({ ...a, startTime: null }, now) : null;
    if (next) await ctx.db.scheduledScaling.update({ where: { id: a.id }, data: { lastRunAt: now, nextRunAt: next } });
    else await ctx.db.scheduledScaling.delete({ where: { id: a.id } }); // one-time actions end, as in EC2 Auto Scaling
  }
  return { minSize, maxSize, desired };
}

export const reconcileGroup = defineVerb({
  kind: "write",
  name: "ReconcileInstanceGroup",
  permission: "fleets.write",
  input: z.object({ groupId: z.string().min(1) }),
  failureTargets: (i) => [i.groupId],
  async run({ ctx, input, audit }): Promise<ReconcileResult> {
    const result: ReconcileResult = { launched: [], terminated: [], removed: [], changed: false };
    // The group's row is written first: a second pass over the same group (a
    // stale leader's keeper overlapping the new one's) waits here on
    // PostgreSQL until this one commits, then reads what it did; SQLite runs
    // one transaction at a time anyway.
    await execSql(ctx.db, Prisma.sql`UPDATE "ScalingGroup" SET "nextCheckAt" = "nextCheckAt" WHERE "id" = ${input.groupId} AND "teamId" = ${ctx.team.id}`);
    const g = await ctx.db.scalingGroup.findFirst({ where: { id: input.groupId, teamId: ctx.team.id } });
    if (!g) return result;
    audit.targets(g.id);
    const now = ctx.clock.now();
    const sizes = await runSchedules(ctx, g, audit);

    const members = await readRows<MemberRow>(
      ctx.db,
      Prisma.sql`SELECT m."instanceId", m."slot", m."availabilityZone", m."lifecycle", m."health", m."healthReason", i."state", i."stateReasonCode" AS "reasonCode", i."stateReasonMsg" AS "reasonMsg", i."launchedAt"
        FROM "ScalingGroupMember" m LEFT JOIN "Instance" i ON i."id" = m."instanceId" AND i."teamId" = m."teamId" WHERE m."groupId" = ${g.id} ORDER BY m."slot"`,
    );

    // 1. Out of service: failed, retired, stopped, terminated, or unhealthy.
    const out = members.filter((m) => m.state === null || !["pending", "running"].includes(m.state) || m.health === "Unhealthy");
    const toTerminate: string[] = [];
    for (const m of out) {
      const cause = outOfServiceCause({ state: m.state, reasonCode: m.reasonCode ?? "", reasonMsg: m.reasonMsg ?? "", health: m.health, healthReason: m.healthReason });
      if (m.state !== null && m.state !== "terminated" && m.state !== "shutting-down") toTerminate.push(m.instanceId);
      await ctx.db.scalingGroupMember.delete({ where: { groupId_slot: { groupId: g.id, slot: Number(m.slot) } } });
      await logActivity(ctx, g, { description: `Terminating EC2 instance: ${m.instanceId}`, cause: `At ${at(now)} an instance was taken out of service in response to ${cause}.`, status: "Successful", instanceId: m.instanceId });
      result.removed.push(m.instanceId);
    }
    const staying = members.filter((m) => !out.includes(m));

    // 2. Too many: the group shrinks.
    const eip = g.elasticIpId ? await ctx.db.elasticIp.findFirst({ where: { id: g.elasticIpId, teamId: ctx.team.id, releasedAt: null } }) : null;
    if (staying.length > sizes.desired) {
      const picked = pickForTermination(
        staying.map((m) => ({ instanceId: m.instanceId, slot: Number(m.slot), zone: m.availabilityZone, launchedAt: date(m.launchedAt), holdsEip: eip?.instanceId === m.instanceId })),
        staying.length - sizes.desired,
        now,
      );
      for (const id of picked) {
        const m = staying.find((x) => x.instanceId === id)!;
        await ctx.db.scalingGroupMember.delete({ where: { groupId_slot: { groupId: g.id, slot: Number(m.slot) } } });
        toTerminate.push(id);
        await logActivity(ctx, g, {
          description: `Terminating EC2 instance: ${id}`,
          cause: `At ${at(now)} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from ${staying.length} to ${sizes.desired}. At ${at(now)} instance ${id} was selected for termination.`,
          status: "Successful",
          instanceId: id,
        });
        result.removed.push(id);
      }
      staying.splice(0, staying.length, ...staying.filter((m) => !picked.includes(m.instanceId)));
    }
    if (toTerminate.length) {
      await terminateInstances.within({ ctx, input: { instanceIds: toTerminate }, audit });
      result.terminated.push(...toTerminate);
    }

    // 3. Too few: launch into free slots, spread over the zones that are up.
    // A launch that failed waits before the next try (kept while it runs).
    let backoff: Date | null = g.launchBackoffUntil && g.launchBackoffUntil > now ? g.launchBackoffUntil : null;
    const missing = sizes.desired - staying.length;
    if (missing > 0 && !backoff) {
      const replacing = out.map((m) => m.instanceId);
      const down = await zonesDown(ctx);
      const zones = zonesForLaunches(g.zones.split(","), down, staying.map((m) => m.availabilityZone), missing);
      const slots = freeSlots(staying.map((m) => Number(m.slot)), missing);
      const launchedNow: { id: string; zone: string }[] = [];
      let failure: string | null = zones.length ? null : `Every availability zone of the group is down (${g.zones.split(",").join(", ")}).`;
      if (!failure) {
        try {
          const t = await templateVersion(ctx, { templateId: g.templateId }, g.templateVersion);
          const groupTags = (JSON.parse(g.tags) as GroupTag[]).filter((x) => x.propagate).map((x) => ({ key: x.key, value: x.value }));
          const tags = [...t.tags.filter((x) => !groupTags.some((y) => y.key === x.key)), ...groupTags];
          for (const zone of [...new Set(zones)]) {
            const n = zones.filter((z) => z === zone).length;
            const r = await launchInstances.within({
              ctx,
              input: { imageId: t.imageId, instanceType: t.instanceType, minCount: n, keyName: t.keyName ?? undefined, securityGroupIds: t.securityGroupIds, userData: t.userData ?? undefined, availabilityZone: zone, tags },
              audit,
            });
            launchedNow.push(...r.output.instances.map((i) => ({ id: i.id, zone })));
          }
        } catch (e) {
          if (!isServiceError(e)) throw e;
          failure = `${e.code}: ${e.message}`;
          // Launches are checked before anything is written: a refused one left nothing behind.
        }
      }
      // Whatever did launch joins the group, even when a later zone refused.
      await insertRows(ctx.db, "Tag", ["teamId", "resourceId", "key", "value"], launchedNow.map((l) => [ctx.team.id, l.id, GROUP_TAG, g.name]));
      for (const [n, l] of launchedNow.entries()) {
        const replaced = replacing[n];
        const activityId = await logActivity(ctx, g, {
          description: `Launching a new EC2 instance: ${l.id}`,
          cause:
            `At ${at(now)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${staying.length} to ${sizes.desired}.` +
            (replaced ? ` It replaces ${replaced}.` : ""),
          status: "InProgress",
          instanceId: l.id,
        });
        await ctx.db.scalingGroupMember.create({ data: { groupId: g.id, slot: slots[n], instanceId: l.id, teamId: ctx.team.id, availabilityZone: l.zone, lifecycle: "Pending", activityId, joinedAt: now } });
      }
      result.launched.push(...launchedNow.map((l) => l.id));
      if (failure) {
        backoff = new Date(now.getTime() + LAUNCH_RETRY_SECONDS * 1000 * ctx.clock.speed);
        await logActivity(ctx, g, {
          description: "Launching a new EC2 instance. Status Reason: the launch failed",
          cause: `At ${at(now)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${staying.length + launchedNow.length} to ${sizes.desired}.`,
          status: "Failed",
          statusMessage: `${failure} Trying again in ${LAUNCH_RETRY_SECONDS} seconds.`,
        });
        audit.detail(`launch failed: ${failure}`);
      }
    }

    // 4. The group's Elastic IP follows an in-service member.
    if (eip) {
      const holders = await readRows<{ instanceId: string }>(
        ctx.db,
        Prisma.sql`SELECT m."instanceId" FROM "ScalingGroupMember" m JOIN "Instance" i ON i."id" = m."instanceId" WHERE m."groupId" = ${g.id} AND m."lifecycle" = 'InService' AND m."health" = 'Healthy' AND i."state" = 'running' ORDER BY m."slot"`,
      );
      if (holders.length && !holders.some((h) => h.instanceId === eip.instanceId)) {
        const to = holders[0].instanceId;
        const r = await associateAddress.within({ ctx, input: { allocationId: eip.id, instanceId: to }, audit }).catch(async (e) => {
          if (!isServiceError(e)) throw e;
          // Checked before anything is written: nothing to undo; try again after the pause.
          backoff = new Date(now.getTime() + LAUNCH_RETRY_SECONDS * 1000 * ctx.clock.speed);
          await logActivity(ctx, g, { description: `Moving Elastic IP ${eip.publicIp} to ${to}`, cause: `At ${at(now)} the group's Elastic IP could not be moved.`, status: "Failed", statusMessage: `${e.code}: ${e.message}` });
          return null;
        });
        if (r) {
          await logActivity(ctx, g, {
            description: `Moving Elastic IP ${eip.publicIp} to ${to}`,
            cause: `At ${at(now)} the group's Elastic IP ${eip.publicIp} was ${r.output.movedFrom ? `moved from ${r.output.movedFrom}` : "associated"} to the in-service member ${to}${eip.instanceId && !r.output.movedFrom ? ` (it had been on ${eip.instanceId})` : ""}.`,
            status: "Successful",
            instanceId: to,
          });
          result.changed = true;
        }
      }
    }

    // EC2 Auto Scaling keeps six weeks of activities.
    await ctx.db.scalingActivity.deleteMany({ where: { groupId: g.id, startedAt: { lt: new Date(now.getTime() - ACTIVITY_DAYS * 86_400_000) } } });
    const [next] = await readRows<{ m: unknown }>(ctx.db, Prisma.sql`SELECT MIN("nextRunAt") AS m FROM "ScheduledScaling" WHERE "groupId" = ${g.id}`);
    const nextRun = next?.m === null || next?.m === undefined ? null : date(next.m);
    const nextCheckAt = [nextRun, backoff].filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
    await ctx.db.scalingGroup.update({ where: { id: g.id }, data: { ...sizes, nextCheckAt, launchBackoffUntil: backoff } });
    result.changed ||= result.launched.length + result.terminated.length + result.removed.length > 0 || sizes.desired !== g.desired;
    return result;
  },
  after: ({ output }) => notifyInstances([...output.launched, ...output.terminated]),
});
