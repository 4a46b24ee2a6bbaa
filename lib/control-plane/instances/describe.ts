// Reading instances as views, in a fixed number of queries however many there are.
import type { Ctx, TxCtx } from "../context";
import { instanceView, type InstanceView } from "./view";
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
  const tags = await inChunks(ids, (c) => ctx.db.tag.findMany({ where: { teamId: ctx.team.id, resourceId: { in: c } } }));
  const links = await inChunks(ids, (c) => ctx.db.instanceGroup.findMany({ where: { instanceId: { in: c } } }));
  const events = await inChunks(ids, (c) => ctx.db.scheduledEvent.findMany({ where: { instanceId: { in: c }, completedAt: null, canceledAt: null }, orderBy: { notBefore: "asc" } }));
  const images = await ctx.db.image.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.imageId))] } }, select: { id: true, name: true, rootDeviceType: true, architecture: true } });
  const groupNames = new Map(
    (await ctx.db.securityGroup.findMany({ where: { teamId: ctx.team.id, id: { in: [...new Set(links.map((l) => l.groupId))] } }, select: { id: true, name: true } })).map((g) => [g.id, g.name]),
  );
  const tagsBy = new Map<string, Record<string, string>>();
  for (const t of tags) (tagsBy.get(t.resourceId) ?? tagsBy.set(t.resourceId, {}).get(t.resourceId)!)[t.key] = t.value;
  const groupsBy = new Map<string, { id: string; name: string }[]>();
  for (const l of links) (groupsBy.get(l.instanceId) ?? groupsBy.set(l.instanceId, []).get(l.instanceId)!).push({ id: l.groupId, name: groupNames.get(l.groupId) ?? l.groupId });
  const imageBy = new Map(images.map((i) => [i.id, i]));
  return rows.map((r) => {
    const img = imageBy.get(r.imageId);
    const ev = events.filter((e) => e.instanceId === r.id).map((e) => ({ id: e.id, code: e.code, notBefore: e.notBefore.toISOString(), description: e.description }));
    return instanceView(r, { tags: tagsBy.get(r.id) ?? {}, groups: groupsBy.get(r.id) ?? [], imageName: img?.name, rootDeviceType: img?.rootDeviceType, architecture: img?.architecture, events: ev });
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
