// Reading instances as views, in a fixed number of queries however many there are.
import type { Ctx, TxCtx } from "../context";
import { instanceView, toDate, type InstanceView } from "./view";
import { Prisma } from "../../generated/prisma/client";
import { readRows } from "../../sql/read-rows";
import { ServiceError } from "../../errors";
import { isId } from "../../ids";
import { inChunks } from "../../sql/chunks";

export interface ReservationView {
  reservationId: string;
  launchedBy: string;
  instances: InstanceView[];
}

type AnyCtx = Ctx | TxCtx;

export async function viewsFor(ctx: AnyCtx, rows: Parameters<typeof instanceView>[0][]): Promise<InstanceView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const imageIds = [...new Set(rows.map((r) => r.imageId))];
  // Plain SQL through the bulk reader: this is the hot path of every listing and of DescribeInstances.
  const [tags, links, events, images] = await Promise.all([
    inChunks(ids, (c) => readRows<{ resourceId: string; key: string; value: string }>(ctx.db, Prisma.sql`SELECT "resourceId", "key", "value" FROM "Tag" WHERE "teamId" = ${ctx.team.id} AND "resourceId" IN (${Prisma.join(c)})`)),
    inChunks(ids, (c) =>
      readRows<{ instanceId: string; groupId: string; name: string }>(ctx.db, Prisma.sql`SELECT ig."instanceId", ig."groupId", sg."name" FROM "InstanceGroup" ig JOIN "SecurityGroup" sg ON sg."id" = ig."groupId" WHERE ig."instanceId" IN (${Prisma.join(c)})`),
    ),
    inChunks(ids, (c) =>
      readRows<{ id: string; instanceId: string; code: string; notBefore: unknown; description: string }>(
        ctx.db,
        Prisma.sql`SELECT "id", "instanceId", "code", "notBefore", "description" FROM "ScheduledEvent" WHERE "instanceId" IN (${Prisma.join(c)}) AND "completedAt" IS NULL AND "canceledAt" IS NULL ORDER BY "notBefore"`,
      ),
    ),
    readRows<{ id: string; name: string; rootDeviceType: string; architecture: string }>(ctx.db, Prisma.sql`SELECT "id", "name", "rootDeviceType", "architecture" FROM "Image" WHERE "id" IN (${Prisma.join(imageIds)})`),
  ]);
  const tagsBy = new Map<string, Record<string, string>>();
  for (const t of tags) (tagsBy.get(t.resourceId) ?? tagsBy.set(t.resourceId, {}).get(t.resourceId)!)[t.key] = t.value;
  const groupsBy = new Map<string, { id: string; name: string }[]>();
  for (const l of links) (groupsBy.get(l.instanceId) ?? groupsBy.set(l.instanceId, []).get(l.instanceId)!).push({ id: l.groupId, name: l.name });
  const eventsBy = new Map<string, InstanceView["events"]>();
  for (const e of events)
    (eventsBy.get(e.instanceId) ?? eventsBy.set(e.instanceId, []).get(e.instanceId)!).push({ id: e.id, code: e.code, notBefore: toDate(e.notBefore as Date).toISOString(), description: e.description });
  const imageBy = new Map(images.map((i) => [i.id, i]));
  return rows.map((r) => {
    const img = imageBy.get(r.imageId);
    return instanceView(r, { tags: tagsBy.get(r.id) ?? {}, groups: groupsBy.get(r.id) ?? [], imageName: img?.name, rootDeviceType: img?.rootDeviceType, architecture: img?.architecture, events: eventsBy.get(r.id) ?? [] });
  });
}

export async function describeReservation(ctx: AnyCtx, reservationId: string): Promise<ReservationView> {
  const res = await ctx.db.reservation.findFirstOrThrow({ where: { id: reservationId, teamId: ctx.team.id } });
  const rows = await ctx.db.instance.findMany({ where: { reservationId, teamId: ctx.team.id }, orderBy: { launchIndex: "asc" } });
  return { reservationId, launchedBy: res.launchedBy, instances: await viewsFor(ctx, rows) };
}

/** The team's instances with these ids; any id not found (or another team's) is InvalidInstanceID.NotFound. */
export async function requireInstances(ctx: AnyCtx, ids: string[]) {
  for (const id of ids)
    if (!isId("i", id)) throw new ServiceError("InvalidInstanceID.Malformed", `Invalid id: "${id}" (expecting "i-…")`, "instanceIds");
  const unique = [...new Set(ids)];
  const rows = await inChunks(unique, (c) => ctx.db.instance.findMany({ where: { teamId: ctx.team.id, id: { in: c } } }));
  const missing = unique.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length)
    throw new ServiceError("InvalidInstanceID.NotFound", `The instance ID${missing.length > 1 ? "s" : ""} '${missing.join("', '")}' ${missing.length > 1 ? "do" : "does"} not exist`, "instanceIds");
  return unique.map((id) => rows.find((r) => r.id === id)!);
}
