// The group keeper's bookkeeping in plain SQL: members whose instance came up
// go in service (their launch activity ends), and which groups need a
// decision now. Cheap enough to run on every instance change.
import { Prisma } from "../../generated/prisma/client";
import type { Db } from "../../db";
import { execSql, readRows } from "../../sql/read-rows";
import { housekeeping } from "../audit";
import { dateOrNull } from "../../sql/decode";

/** Pending members whose instance runs are in service; returns how many. */
export async function promoteMembers(db: Db): Promise<number> {
  const ready = await readRows<{ instanceId: string; activityId: string | null; at: unknown }>(
    db,
    Prisma.sql`SELECT m."instanceId", m."activityId", i."stateChangedAt" AS "at" FROM "ScalingGroupMember" m JOIN "Instance" i ON i."id" = m."instanceId"
      WHERE m."lifecycle" = 'Pending' AND i."state" = 'running'`,
  );
  if (!ready.length) return 0;
  // Bookkeeping (what the reconciler observed), not a decision: not audited.
  await housekeeping(db, async (tx) => {
    for (const r of ready) {
      const n = await execSql(tx, Prisma.sql`UPDATE "ScalingGroupMember" SET "lifecycle" = 'InService' WHERE "instanceId" = ${r.instanceId} AND "lifecycle" = 'Pending'`);
      if (n && r.activityId)
        await execSql(tx, Prisma.sql`UPDATE "ScalingActivity" SET "status" = 'Successful', "progress" = 100, "endedAt" = ${dateOrNull(r.at)} WHERE "id" = ${r.activityId} AND "status" = 'InProgress'`);
    }
  });
  return ready.length;
}

export interface GroupDue {
  id: string;
  teamId: string;
  teamName: string;
  name: string;
}

/**
 * Groups with something to decide: a check that fell due (a schedule, a
 * launch retry), a member whose instance left running or failed its health
 * check, a count that differs from the desired one, or an Elastic IP that is
 * not on an in-service member while one exists.
 */
export async function groupsDue(db: Db, now: Date): Promise<GroupDue[]> {
  return readRows<GroupDue>(
    db,
    Prisma.sql`SELECT g."id", g."teamId", t."name" AS "teamName", g."name" FROM "ScalingGroup" g JOIN "Team" t ON t."id" = g."teamId" WHERE
      (g."nextCheckAt" IS NOT NULL AND g."nextCheckAt" <= ${now})
      OR EXISTS (SELECT 1 FROM "ScalingGroupMember" m LEFT JOIN "Instance" i ON i."id" = m."instanceId"
                 WHERE m."groupId" = g."id" AND (i."id" IS NULL OR i."state" NOT IN ('pending', 'running') OR m."health" = 'Unhealthy'))
      OR (g."desired" > (SELECT COUNT(*) FROM "ScalingGroupMember" m WHERE m."groupId" = g."id") AND (g."launchBackoffUntil" IS NULL OR g."launchBackoffUntil" <= ${now}))
      OR g."desired" < (SELECT COUNT(*) FROM "ScalingGroupMember" m WHERE m."groupId" = g."id")
      OR (g."elasticIpId" IS NOT NULL AND (g."launchBackoffUntil" IS NULL OR g."launchBackoffUntil" <= ${now})
          AND EXISTS (SELECT 1 FROM "ScalingGroupMember" m JOIN "Instance" i ON i."id" = m."instanceId" WHERE m."groupId" = g."id" AND m."lifecycle" = 'InService' AND m."health" = 'Healthy' AND i."state" = 'running')
          AND NOT EXISTS (SELECT 1 FROM "ElasticIp" e JOIN "ScalingGroupMember" m ON m."instanceId" = e."instanceId" AND m."groupId" = g."id" AND m."lifecycle" = 'InService'
                          WHERE e."id" = g."elasticIpId" AND e."releasedAt" IS NULL)
          AND EXISTS (SELECT 1 FROM "ElasticIp" e WHERE e."id" = g."elasticIpId" AND e."releasedAt" IS NULL))`,
  );
}

/** When a group next needs a look without any event (schedules, retries). */
export async function nextGroupCheck(db: Db): Promise<Date | null> {
  const [r] = await readRows<{ m: unknown }>(db, Prisma.sql`SELECT MIN("nextCheckAt") AS m FROM "ScalingGroup" WHERE "nextCheckAt" IS NOT NULL`);
  return dateOrNull(r?.m);
}
