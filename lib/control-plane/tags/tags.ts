// Tags on any of the team's resources (CreateTags / DeleteTags / DescribeTags).
// Writes are a few statements however many resources they name (1,000
// instances tagged in one INSERT … ON CONFLICT per few hundred rows), so a
// bulk tag holds SQLite's single writer for milliseconds, not seconds.
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError, type ErrorCode } from "../../errors";
import { MAX_TAGS, tagKeySchema, tagListSchema, tagValueSchema } from "./rules";
import type { Ctx, TxCtx } from "../context";
import { notifyInstances } from "../../events";
import { Prisma } from "../../generated/prisma/client";
import { execSql, readRows } from "../../sql/read-rows";
import { inList } from "../../sql/in-list";
import { insertRows } from "../../sql/insert";
import { own, table } from "../../own";

type AnyCtx = Ctx | TxCtx;

/** The ids among `ids` that are the team's, from `tableName` (ids in `idColumn`, the team in `teamColumn`, `live` what counts as existing): one statement however many. */
const ownedIn =
  (tableName: string, teamColumn: string, idColumn = "id", live: Prisma.Sql = Prisma.empty) =>
  async (ctx: AnyCtx, ids: string[]) =>
    (
      await readRows<{ id: string }>(
        ctx.db,
        Prisma.sql`SELECT ${Prisma.raw(`"${idColumn}"`)} AS "id" FROM ${Prisma.raw(`"${tableName}"`)} WHERE ${Prisma.raw(`"${teamColumn}"`)} = ${ctx.team.id} AND ${inList(Prisma.raw(`"${idColumn}"`), ids)} ${live}`,
      )
    ).map((r) => r.id);

/** Resource kinds that can carry tags (by id prefix), and how to tell the team owns one. */
export const taggable = table<(ctx: AnyCtx, ids: string[]) => Promise<string[]>>({
  i: ownedIn("Instance", "teamId"),
  ami: ownedIn("Image", "ownerTeamId"),
  sg: ownedIn("SecurityGroup", "teamId"),
  key: ownedIn("KeyPair", "teamId"),
  eipalloc: ownedIn("ElasticIp", "teamId", "id", Prisma.sql`AND "releasedAt" IS NULL`),
  vol: ownedIn("Volume", "teamId", "id", Prisma.sql`AND "state" <> 'deleted'`),
  vpc: ownedIn("Vpc", "teamId"),
  subnet: ownedIn("Subnet", "teamId"),
  eni: ownedIn("Instance", "teamId", "networkInterfaceId", Prisma.sql`AND "state" <> 'terminated'`),
});

const NOT_FOUND = table<ErrorCode>({
  i: "InvalidInstanceID.NotFound", sg: "InvalidGroup.NotFound", ami: "InvalidAMIID.NotFound", key: "InvalidKeyPair.NotFound", eipalloc: "InvalidAllocationID.NotFound",
  vol: "InvalidVolume.NotFound", vpc: "InvalidVpcID.NotFound", subnet: "InvalidSubnetID.NotFound", eni: "InvalidNetworkInterfaceID.NotFound",
});

async function requireOwned(ctx: TxCtx, ids: string[]): Promise<void> {
  const byKind = new Map<string, string[]>();
  for (const id of ids) {
    const kind = id.slice(0, id.lastIndexOf("-"));
    if (!own(taggable, kind)) throw new ServiceError("InvalidParameterValue", `Resources like '${id.slice(0, 100)}' can't be tagged.`, "resourceIds");
    (byKind.get(kind) ?? byKind.set(kind, []).get(kind)!).push(id);
  }
  for (const [kind, list] of byKind) {
    const found = new Set(await taggable[kind]!(ctx, list));
    const missing = list.filter((id) => !found.has(id));
    if (missing.length) throw new ServiceError(NOT_FOUND[kind] ?? "InvalidParameterValue", `The ID '${missing[0]}' does not exist`, "resourceIds");
  }
}

const resourceIds = z
  .array(z.string().min(1).max(255))
  .max(1000, "At most 1,000 resources at once.")
  .refine((a) => a.length > 0, { message: "Name at least one resource.", params: { code: "MissingParameter" } })
  .transform((a) => [...new Set(a)]);

export const createTags = defineVerb({
  kind: "write",
  name: "CreateTags",
  permission: "instances.tag",
  input: z.object({ resourceIds, tags: tagListSchema.refine((a) => a.length > 0, { message: "Give at least one tag.", params: { code: "MissingParameter" } }) }),
  failureTargets: (i) => i.resourceIds,
  async run({ ctx, input, audit }) {
    await requireOwned(ctx, input.resourceIds);
    const keys = input.tags.map((t) => t.key);
    // Tags each resource keeps besides these keys: with these, at most 50.
    const [fullest] = await readRows<{ resourceId: string; n: bigint | number }>(
      ctx.db,
      Prisma.sql`SELECT "resourceId", COUNT(*) AS "n" FROM "Tag" WHERE "teamId" = ${ctx.team.id} AND ${inList(Prisma.sql`"resourceId"`, input.resourceIds)}
        AND NOT (${inList(Prisma.sql`"key"`, keys)}) GROUP BY "resourceId" ORDER BY "n" DESC LIMIT 1`,
    );
    if (fullest && Number(fullest.n) + keys.length > MAX_TAGS) throw new ServiceError("TagLimitExceeded", `${fullest.resourceId} would have more than ${MAX_TAGS} tags.`, "tags");
    const rows = input.resourceIds.flatMap((id) => input.tags.map((t) => [ctx.team.id, id, t.key, t.value]));
    await insertRows(ctx.db, "Tag", ["teamId", "resourceId", "key", "value"], rows, `ON CONFLICT ("resourceId", "key") DO UPDATE SET "value" = excluded."value"`);
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
  input: z.object({ resourceIds, tags: z.array(z.object({ key: tagKeySchema, value: tagValueSchema.optional() })).max(MAX_TAGS).default([]) }),
  failureTargets: (i) => i.resourceIds,
  async run({ ctx, input, audit }) {
    await requireOwned(ctx, input.resourceIds);
    const where = Prisma.sql`"teamId" = ${ctx.team.id} AND ${inList(Prisma.sql`"resourceId"`, input.resourceIds)}`;
    if (input.tags.length === 0) await execSql(ctx.db, Prisma.sql`DELETE FROM "Tag" WHERE ${where}`);
    for (const t of input.tags)
      await execSql(ctx.db, Prisma.sql`DELETE FROM "Tag" WHERE ${where} AND "key" = ${t.key} ${t.value !== undefined ? Prisma.sql`AND "value" = ${t.value}` : Prisma.empty}`);
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
    return readRows<{ resourceId: string; key: string; value: string }>(
      ctx.db,
      Prisma.sql`SELECT "resourceId", "key", "value" FROM "Tag" WHERE "teamId" = ${ctx.team.id}
        ${input.resourceIds.length ? Prisma.sql`AND ${inList(Prisma.sql`"resourceId"`, input.resourceIds)}` : Prisma.empty}
        ${input.keys.length ? Prisma.sql`AND ${inList(Prisma.sql`"key"`, input.keys)}` : Prisma.empty}
        ORDER BY "resourceId", "key"`,
    );
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
