// The overview: the team's instances by state, its running-instance quota,
// and recent activity (instance state changes, newest first).
import { z } from "zod";
import { Prisma } from "../../generated/prisma/client";
import { defineVerb } from "../verb";
import { readRows } from "../../sql/read-rows";
import { date } from "../../sql/decode";
import { STATES, type InstanceState } from "../../instance-state";
import { LIVE_STATES } from "../instances/launch";

/** Recent activity looks at most this far back in the transition log (all teams'), so the read stays small however big the log grows. */
const SCAN = 20_000;

export interface ActivityItem {
  at: string;
  instanceId: string;
  name: string;
  from: string;
  to: string;
  reason: string;
}

export const describeOverview = defineVerb({
  kind: "read",
  name: "DescribeOverview",
  permission: "instances.read",
  input: z.object({ recent: z.number().int().min(1).max(50).default(8) }),
  async run({ ctx, input }) {
    const hourAgo = new Date(ctx.clock.now().getTime() - 3_600_000);
    // Terminated instances count while they are still listed (an hour), as on the Instances page.
    const rows = await readRows<{ state: string; c: unknown }>(
      ctx.db,
      Prisma.sql`SELECT "state", COUNT(*) AS c FROM "Instance" WHERE "teamId" = ${ctx.team.id} AND ("terminatedAt" IS NULL OR "terminatedAt" > ${hourAgo}) GROUP BY "state"`,
    );
    const counts = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<InstanceState, number>;
    for (const r of rows) if (r.state in counts) counts[r.state as InstanceState] = Number(r.c);
    const live = LIVE_STATES.reduce((n, s) => n + (counts[s as InstanceState] ?? 0), 0);
    const [team] = await readRows<{ instanceLimit: unknown }>(ctx.db, Prisma.sql`SELECT "instanceLimit" FROM "Team" WHERE "id" = ${ctx.team.id}`);
    const recent = await readRows<{ at: unknown; instanceId: string; name: string | null; fromState: string; toState: string; reasonMsg: string }>(
      ctx.db,
      Prisma.sql`SELECT t."at", t."instanceId", n."value" AS name, t."fromState", t."toState", t."reasonMsg"
        FROM "StateTransition" t JOIN "Instance" i ON i."id" = t."instanceId"
        LEFT JOIN "Tag" n ON n."resourceId" = i."id" AND n."key" = 'Name'
        WHERE i."teamId" = ${ctx.team.id} AND t."id" > (SELECT COALESCE(MAX("id"), 0) FROM "StateTransition") - ${SCAN}
        ORDER BY t."at" DESC, t."id" DESC LIMIT ${input.recent}`,
    );
    return {
      counts,
      quota: { live, limit: Number(team?.instanceLimit ?? 0) },
      recent: recent.map<ActivityItem>((r) => ({ at: date(r.at).toISOString(), instanceId: r.instanceId, name: r.name ?? "", from: r.fromState, to: r.toState, reason: r.reasonMsg })),
    };
  },
});
