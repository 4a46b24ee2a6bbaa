// Tags on any of the team's resources (CreateTags / DeleteTags / DescribeTags).
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError, type ErrorCode } from "../../errors";
import { tagSchema } from "../instances/schemas";
import type { Ctx, TxCtx } from "../context";
import { notifyInstances } from "../../events";
import { chunks, inChunks } from "../../sql/chunks";

/** Resource kinds that can carry tags, and how to tell the team owns one. */
export const taggable: Record<string, (ctx: Ctx | TxCtx, ids: string[]) => Promise<string[]>> = {
  i: (ctx, ids) => inChunks(ids, async (c) => (await ctx.db.instance.findMany({ where: { teamId: ctx.team.id, id: { in: c } }, select: { id: true } })).map((r) => r.id)),
  ami: (ctx, ids) => inChunks(ids, async (c) => (await ctx.db.image.findMany({ where: { ownerTeamId: ctx.team.id, id: { in: c } }, select: { id: true } })).map((r) => r.id)),
  sg: (ctx, ids) => inChunks(ids, async (c) => (await ctx.db.securityGroup.findMany({ where: { teamId: ctx.team.id, id: { in: c } }, select: { id: true } })).map((r) => r.id)),
  key: (ctx, ids) => inChunks(ids, async (c) => (await ctx.db.keyPair.findMany({ where: { teamId: ctx.team.id, id: { in: c } }, select: { id: true } })).map((r) => r.id)),
  eipalloc: (ctx, ids) => inChunks(ids, async (c) => (await ctx.db.elasticIp.findMany({ where: { teamId: ctx.team.id, releasedAt: null, id: { in: c } }, select: { id: true } })).map((r) => r.id)),
  vol: (ctx, ids) => inChunks(ids, async (c) => (await ctx.db.volume.findMany({ where: { teamId: ctx.team.id, state: { not: "deleted" }, id: { in: c } }, select: { id: true } })).map((r) => r.id)),
  vpc: (ctx, ids) => inChunks(ids, async (c) => (await ctx.db.vpc.findMany({ where: { teamId: ctx.team.id, id: { in: c } }, select: { id: true } })).map((r) => r.id)),
  subnet: (ctx, ids) => inChunks(ids, async (c) => (await ctx.db.subnet.findMany({ where: { teamId: ctx.team.id, id: { in: c } }, select: { id: true } })).map((r) => r.id)),
  eni: (ctx, ids) =>
    inChunks(ids, async (c) => (await ctx.db.instance.findMany({ where: { teamId: ctx.team.id, state: { not: "terminated" }, networkInterfaceId: { in: c } }, select: { networkInterfaceId: true } })).map((r) => r.networkInterfaceId!)),
};

const NOT_FOUND: Record<string, ErrorCode> = {
  i: "InvalidInstanceID.NotFound", sg: "InvalidGroup.NotFound", ami: "InvalidAMIID.NotFound", key: "InvalidKeyPair.NotFound", eipalloc: "InvalidAllocationID.NotFound",
  vol: "InvalidVolume.NotFound", vpc: "InvalidVpcID.NotFound", subnet: "InvalidSubnetID.NotFound", eni: "InvalidNetworkInterfaceID.NotFound",
};

async function requireOwned(ctx: TxCtx, ids: string[]): Promise<void> {
  const byKind = new Map<string, string[]>();
  for (const id of ids) {
    const kind = id.slice(0, id.lastIndexOf("-"));
    if (!taggable[kind]) throw new ServiceError("InvalidParameterValue", `Resources like '${id}' can't be tagged.`, "resourceIds");
    (byKind.get(kind) ?? byKind.set(kind, []).get(kind)!).push(id);
  }
  for (const [kind, list] of byKind) {
    const found = new Set(await taggable[kind](ctx, list));
    const missing = list.filter((id) => !found.has(id));
    if (missing.length) {
      throw new ServiceError(NOT_FOUND[kind], `The ID '${missing[0]}' does not exist`, "resourceIds");
    }
  }
}

const resourceIds = z.array(z.string().min(1)).max(1000).refine((a) => a.length > 0, { message: "Name at least one resource.", params: { code: "MissingParameter" } });

export const createTags = defineVerb({
  kind: "write",
  name: "CreateTags",
  permission: "instances.tag",
  input: z.object({ resourceIds, tags: z.array(tagSchema).max(50).refine((a) => a.length > 0, { message: "Give at least one tag.", params: { code: "MissingParameter" } }) }),
  failureTargets: (i) => i.resourceIds,
  async run({ ctx, input, audit }) {
    await requireOwned(ctx, input.resourceIds);
    for (const resourceId of input.resourceIds) {
      const existing = await ctx.db.tag.count({ where: { resourceId, key: { notIn: input.tags.map((t) => t.key) } } });
      if (existing + input.tags.length > 50) throw new ServiceError("InvalidParameterValue", `${resourceId} would have more than 50 tags.`, "tags");
      for (const t of input.tags)
        await ctx.db.tag.upsert({ where: { resourceId_key: { resourceId, key: t.key } }, create: { teamId: ctx.team.id, resourceId, key: t.key, value: t.value }, update: { value: t.value } });
    }
    audit.targets(...input.resourceIds);
    audit.detail(input.tags.map((t) => `${t.key}=${t.value}`).join(", "));
    return { ok: true as const };
  },
  after: ({ input }) => notifyInstances(input.resourceIds.filter((id) => id.startsWith("i-"))),
});

export const deleteTags = defineVerb({
  kind: "write",
  name: "DeleteTags",
  permission: "instances.tag",
  input: z.object({ resourceIds, tags: z.array(z.object({ key: z.string().min(1), value: z.string().optional() })).default([]) }),
  failureTargets: (i) => i.resourceIds,
  async run({ ctx, input, audit }) {
    await requireOwned(ctx, input.resourceIds);
    for (const c of chunks(input.resourceIds)) {
      if (input.tags.length === 0) await ctx.db.tag.deleteMany({ where: { teamId: ctx.team.id, resourceId: { in: c } } });
      for (const t of input.tags)
        await ctx.db.tag.deleteMany({ where: { teamId: ctx.team.id, resourceId: { in: c }, key: t.key, ...(t.value !== undefined ? { value: t.value } : {}) } });
    }
    audit.targets(...input.resourceIds);
    audit.detail(input.tags.map((t) => t.key).join(", ") || "all tags");
    return { ok: true as const };
  },
  after: ({ input }) => notifyInstances(input.resourceIds.filter((id) => id.startsWith("i-"))),
});

export const listTags = defineVerb({
  kind: "read",
  name: "DescribeTags",
  permission: "instances.read",
  input: z.object({ resourceIds: z.array(z.string()).default([]), keys: z.array(z.string()).default([]) }),
  async run({ ctx, input }) {
    return ctx.db.tag.findMany({
      where: { teamId: ctx.team.id, ...(input.resourceIds.length ? { resourceId: { in: input.resourceIds } } : {}), ...(input.keys.length ? { key: { in: input.keys } } : {}) },
      orderBy: [{ resourceId: "asc" }, { key: "asc" }],
      select: { resourceId: true, key: true, value: true },
    });
  },
});

/** Distinct tag keys and values of the team's instances, for filter pickers. */
export const tagFacets = defineVerb({
  kind: "read",
  name: "DescribeTagFacets",
  permission: "instances.read",
  input: z.object({}),
  async run({ ctx }) {
    const rows = await ctx.db.tag.groupBy({ by: ["key", "value"], where: { teamId: ctx.team.id, resourceId: { startsWith: "i-" } }, _count: { _all: true }, orderBy: [{ key: "asc" }, { value: "asc" }], take: 500 });
    return rows.map((r) => ({ key: r.key, value: r.value, count: r._count._all }));
  },
});
