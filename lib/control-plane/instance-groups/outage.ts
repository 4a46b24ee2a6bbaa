// A simulated data-centre outage: an admin takes down one of the team's
// availability zones. Every simulated instance of the team there dies at once
// (its instance storage with it), and nothing launches there until the outage
// ends — so a group spread over zones heals in the others.
import { z } from "zod";
import crypto from "node:crypto";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { AVAILABILITY_ZONES } from "../catalog/seed-data";
import type { Ctx, TxCtx } from "../context";
import { actorLabel } from "../context";
import { Prisma } from "../../generated/prisma/client";
import { execSql, readRows } from "../../sql/read-rows";
import { lookUp, type Lookup } from "../../sql/lookup";
import { notifyInstances } from "../../events";

type AnyCtx = Ctx | TxCtx;

const zoneSchema = z.string().trim().refine((z) => (AVAILABILITY_ZONES as readonly string[]).includes(z), { message: `Choose an availability zone: ${AVAILABILITY_ZONES.join(", ")}.` });

/** Zones of the team that are down now. */
/** The team's zones in a simulated outage now. */
export function zonesDownLookup(ctx: AnyCtx): Lookup<Set<string>> {
  const now = ctx.clock.now();
  return {
    sql: Prisma.sql`SELECT DISTINCT "zone" FROM "ZoneOutage" WHERE "teamId" = ${ctx.team.id} AND "endedAt" IS NULL AND ("endsAt" IS NULL OR "endsAt" > ${now})`,
    read: (rows) => new Set(rows.map((r) => String(r.zone))),
  };
}

export const zonesDown = (ctx: AnyCtx): Promise<Set<string>> => lookUp(ctx.db, zonesDownLookup(ctx));

/** Refuses a launch into a zone that is down, naming the zones that are up. */
export async function requireZoneUp(ctx: AnyCtx, zone: string): Promise<void> {
  const down = await zonesDown(ctx);
  if (!down.has(zone)) return;
  const up = AVAILABILITY_ZONES.filter((z) => !down.has(z));
  throw new ServiceError(
    "InsufficientInstanceCapacity",
    `We currently do not have sufficient capacity in the Availability Zone you requested (${zone}): it is down (a simulated outage). ${up.length ? `Launch in ${up.join(" or ")}.` : "Every zone is down."}`,
    "availabilityZone",
  );
}

/** A zone for a launch that names none: any zone that is up. */
export async function pickZone(ctx: AnyCtx): Promise<string> {
  const down = await zonesDown(ctx);
  const up = AVAILABILITY_ZONES.filter((z) => !down.has(z));
  return (up.length ? up : AVAILABILITY_ZONES)[Math.floor(Math.random() * (up.length || AVAILABILITY_ZONES.length))];
}

export const startZoneOutage = defineVerb({
  kind: "write",
  name: "StartZoneOutage",
  permission: "zones.outage",
  input: z.object({
    zone: zoneSchema,
    /** Simulated minutes until the zone comes back; none: until an admin ends it. */
    minutes: z.coerce.number().int("Minutes must be a whole number.").min(1, "An outage lasts at least a minute.").max(10_080, "An outage lasts at most a week (10,080 minutes).").optional(),
  }),
  failureTargets: (i) => [i.zone],
  async run({ ctx, input, audit }) {
    if ((await zonesDown(ctx)).has(input.zone)) throw new ServiceError("IncorrectInstanceState", `${input.zone} is already down.`, "zone");
    const now = ctx.clock.now();
    const endsAt = input.minutes ? new Date(now.getTime() + input.minutes * 60_000) : null;
    const id = crypto.randomUUID();
    await ctx.db.zoneOutage.create({ data: { id, teamId: ctx.team.id, zone: input.zone, startedAt: now, endsAt, startedBy: actorLabel(ctx.actor) } });
    // The provider carries the deaths out (the reconciler's next pass): simulated instances only.
    const victims = await readRows<{ id: string }>(
      ctx.db,
      Prisma.sql`SELECT "id" FROM "Instance" WHERE "teamId" = ${ctx.team.id} AND "availabilityZone" = ${input.zone} AND "provider" = 'sim' AND "state" IN ('pending', 'running', 'stopping')`,
    );
    if (victims.length)
      await execSql(
        ctx.db,
        Prisma.sql`UPDATE "Instance" SET "pendingAction" = 'outage', "desiredState" = 'terminated', "nextCheckAt" = ${now}
          WHERE "teamId" = ${ctx.team.id} AND "availabilityZone" = ${input.zone} AND "provider" = 'sim' AND "state" IN ('pending', 'running', 'stopping')`,
      );
    audit.targets(input.zone, ...victims.map((v) => v.id));
    audit.detail(`${victims.length} instance${victims.length === 1 ? "" : "s"} lost${endsAt ? `; back at ${endsAt.toISOString()}` : ""}`);
    return { zone: input.zone, outageId: id, instancesLost: victims.map((v) => v.id), endsAt: endsAt?.toISOString() ?? null };
  },
  after: ({ output }) => notifyInstances(output.instancesLost),
});

export const endZoneOutage = defineVerb({
  kind: "write",
  name: "EndZoneOutage",
  permission: "zones.outage",
  input: z.object({ zone: zoneSchema }),
  failureTargets: (i) => [i.zone],
  async run({ ctx, input, audit }) {
    const now = ctx.clock.now();
    const n = await execSql(
      ctx.db,
      Prisma.sql`UPDATE "ZoneOutage" SET "endedAt" = ${now} WHERE "teamId" = ${ctx.team.id} AND "zone" = ${input.zone} AND "endedAt" IS NULL AND ("endsAt" IS NULL OR "endsAt" > ${now})`,
    );
    if (n === 0) throw new ServiceError("IncorrectInstanceState", `${input.zone} is not down.`, "zone");
    audit.targets(input.zone);
    return { zone: input.zone, endedAt: now.toISOString() };
  },
});

export const describeZones = defineVerb({
  kind: "read",
  name: "DescribeZoneStatus",
  permission: "instances.read",
  input: z.object({}),
  async run({ ctx }) {
    const now = ctx.clock.now();
    const open = await ctx.db.zoneOutage.findMany({ where: { teamId: ctx.team.id, endedAt: null, OR: [{ endsAt: null }, { endsAt: { gt: now } }] } });
    return AVAILABILITY_ZONES.map((zone) => {
      const o = open.find((x) => x.zone === zone);
      return { zone, state: o ? ("down" as const) : ("available" as const), since: o?.startedAt.toISOString() ?? null, until: o?.endsAt?.toISOString() ?? null, by: o?.startedBy ?? null };
    });
  },
});
