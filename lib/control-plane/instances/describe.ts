// Reading instances as views, in a fixed number of queries however many there are.
import type { Ec2Details } from "./ec2-details";
import type { Ctx, TxCtx } from "../context";
import { instanceView, toDate, type InstanceRow, type InstanceView } from "./view";
import { Prisma } from "../../generated/prisma/client";
import { readRows } from "../../sql/read-rows";
import { ServiceError } from "../../errors";
import { isId } from "../../ids";
import { inList } from "../../sql/in-list";
import { instancesWhere } from "./raw";
import { jsonObjectAgg, jsonRowsAgg } from "../../sql/dialect";

export interface ReservationView {
  reservationId: string;
  launchedBy: string;
  instances: InstanceView[];
  /** What the EC2 API shows beyond the views, in the instances' order: given by a launch that has just written it, so the API needn't read it back. */
  ec2?: Ec2Details[];
}

type AnyCtx = Ctx | TxCtx;

// Everything a view needs, in one SELECT: the instance's own columns (not its
// user data or key, which can be kilobytes each), and its tags, groups and open
// events as JSON (one statement for one instance or a thousand, instead of one
// per related table). Use with VIEW_JOIN, instance alias i.
// Tags by their primary key (resourceId): the team check is kept from being an
// index condition, else PostgreSQL, before its statistics catch up with a
// table that just grew (a launch of 1,000), walks the team's whole
// (teamId, key, value) index for every instance: 93 ms for 1,000, not 24.
export const VIEW_COLUMNS = (): Prisma.Sql => Prisma.sql`
  i."id", i."reservationId", i."launchIndex", i."imageId", i."instanceType", i."state", i."stateReasonCode", i."stateReasonMsg", i."privateIp", i."publicIp",
  i."privateDns", i."publicDns", i."keyName", i."availabilityZone", i."launchedAt", i."stateChangedAt", i."terminatedAt", i."launchedBy", i."provider", i."storageLost",
  (SELECT ${jsonObjectAgg(Prisma.sql`t."key"`, Prisma.sql`t."value"`)} FROM "Tag" t WHERE t."resourceId" = i."id" AND (t."teamId" = i."teamId") IS TRUE) AS "tagsJson",
  (SELECT ${jsonRowsAgg([Prisma.sql`ig."groupId"`, Prisma.sql`sg."name"`])} FROM "InstanceGroup" ig JOIN "SecurityGroup" sg ON sg."id" = ig."groupId" WHERE ig."instanceId" = i."id") AS "groupsJson",
  (SELECT ${jsonRowsAgg([Prisma.sql`e."id"`, Prisma.sql`e."code"`, Prisma.sql`e."notBefore"`, Prisma.sql`e."description"`])} FROM "ScheduledEvent" e WHERE e."instanceId" = i."id" AND e."completedAt" IS NULL AND e."canceledAt" IS NULL) AS "eventsJson",
  img."name" AS "imageName", img."rootDeviceType" AS "imageRootDeviceType", img."architecture" AS "imageArchitecture"`;
export const VIEW_JOIN = Prisma.sql`LEFT JOIN "Image" img ON img."id" = i."imageId"`;

export type JoinedRow = InstanceRow & { name?: string | null; tagsJson: string; groupsJson: string; eventsJson: string; imageName: string | null; imageRootDeviceType: string | null; imageArchitecture: string | null };

export function joinedView(r: JoinedRow): InstanceView {
  const groups = (JSON.parse(r.groupsJson) as [string, string][]).map(([id, name]) => ({ id, name }));
  const events = (JSON.parse(r.eventsJson) as [string, string, number | string, string][])
    .map(([id, code, notBefore, description]) => ({ id, code, at: toDate(notBefore), description }))
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map(({ at, ...e }) => ({ ...e, notBefore: at.toISOString() }));
  return instanceView(r, { tags: JSON.parse(r.tagsJson), groups, events, imageName: r.imageName, rootDeviceType: r.imageRootDeviceType, architecture: r.imageArchitecture });
}

/** Views of instance rows read elsewhere, in their order (one statement). */
export async function viewsFor(ctx: AnyCtx, rows: { id: string }[]): Promise<InstanceView[]> {
  if (rows.length === 0) return [];
  const joined = await readRows<JoinedRow>(ctx.db, Prisma.sql`SELECT ${VIEW_COLUMNS()} FROM "Instance" i ${VIEW_JOIN} WHERE i."teamId" = ${ctx.team.id} AND ${inList(Prisma.sql`i."id"`, rows.map((r) => r.id))}`);
  const byId = new Map(joined.map((r) => [r.id, r]));
  return rows.flatMap((r) => (byId.has(r.id) ? [joinedView(byId.get(r.id)!)] : []));
}

export async function describeReservation(ctx: AnyCtx, reservationId: string): Promise<ReservationView> {
  // Plain SQL: RunInstances returns an earlier launch from inside its plain-SQL transaction.
  const [res] = await readRows<{ launchedBy: string }>(ctx.db, Prisma.sql`SELECT "launchedBy" FROM "Reservation" WHERE "id" = ${reservationId} AND "teamId" = ${ctx.team.id}`);
  if (!res) throw new Error(`The reservation ${reservationId} is not this team's.`);
  const rows = await readRows<{ id: string }>(ctx.db, Prisma.sql`SELECT "id" FROM "Instance" WHERE "reservationId" = ${reservationId} AND "teamId" = ${ctx.team.id} ORDER BY "launchIndex"`);
  return { reservationId, launchedBy: res.launchedBy, instances: await viewsFor(ctx, rows) };
}

/** The named rows, in the order named (duplicates once); any id malformed, missing or another team's is refused as EC2 refuses it. */
async function required<R extends { id: string }>(ids: string[], load: (unique: string[]) => Promise<R[]>): Promise<R[]> {
  for (const id of ids)
    if (!isId("i", id)) throw new ServiceError("InvalidInstanceID.Malformed", `Invalid id: "${id.slice(0, 100)}" (expecting "i-…")`, "instanceIds");
  const unique = [...new Set(ids)];
  const byId = new Map((await load(unique)).map((r) => [r.id, r]));
  const missing = unique.filter((id) => !byId.has(id));
  if (missing.length) {
    const shown = `'${missing.slice(0, 10).join("', '")}'${missing.length > 10 ? ` (and ${(missing.length - 10).toLocaleString("en-US")} more)` : ""}`;
    throw new ServiceError("InvalidInstanceID.NotFound", `The instance ID${missing.length > 1 ? "s" : ""} ${shown} ${missing.length > 1 ? "do" : "does"} not exist`, "instanceIds");
  }
  return unique.map((id) => byId.get(id)!);
}

/** The team's instances with these ids; any id not found (or another team's) is InvalidInstanceID.NotFound. */
export function requireInstances(ctx: AnyCtx, ids: string[]) {
  return required(ids, (unique) => instancesWhere(ctx.db, Prisma.sql`"teamId" = ${ctx.team.id} AND ${inList(Prisma.sql`"id"`, unique)}`));
}

/** The same, with only what a state change checks (a thousand whole rows cost more to read than the change). */
export function requireInstanceStates(ctx: AnyCtx, ids: string[]) {
  return required(ids, async (unique) =>
    (
      await readRows<{ id: string; state: string; imageId: string; disableApiTermination: unknown; disableApiStop: unknown }>(
        ctx.db,
        Prisma.sql`SELECT "id", "state", "imageId", "disableApiTermination", "disableApiStop" FROM "Instance" WHERE "teamId" = ${ctx.team.id} AND ${inList(Prisma.sql`"id"`, unique)}`,
      )
    ).map((r) => ({ ...r, disableApiTermination: Boolean(Number(r.disableApiTermination)), disableApiStop: Boolean(Number(r.disableApiStop)) })),
  );
}
