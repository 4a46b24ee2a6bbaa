// Tags as the Describe actions show them (a resource's whole tag set), and
// tags written at creation (TagSpecifications), in the creating verb's
// transaction.
import { Prisma } from "../../generated/prisma/client";
import { readRows } from "../../sql/read-rows";
import { inList } from "../../sql/in-list";
import { insertRows } from "../../sql/insert";
import type { Ctx, TxCtx } from "../context";

type Reader = Parameters<typeof readRows>[0];

/** Each resource's tags (null-prototype objects, keyed by tag key). */
export async function tagMap(db: Reader, teamId: string, resourceIds: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  if (!resourceIds.length) return out;
  const rows = await readRows<{ resourceId: string; key: string; value: string }>(
    db,
    Prisma.sql`SELECT "resourceId", "key", "value" FROM "Tag" WHERE "teamId" = ${teamId} AND ${inList(Prisma.sql`"resourceId"`, [...new Set(resourceIds)])} ORDER BY "key"`,
  );
  for (const r of rows) {
    let tags = out.get(r.resourceId);
    if (!tags) out.set(r.resourceId, (tags = Object.create(null) as Record<string, string>));
    tags[r.key] = r.value;
  }
  return out;
}

export async function tagsOf(ctx: Ctx | TxCtx, resourceId: string): Promise<Record<string, string>> {
  return (await tagMap(ctx.db, ctx.team.id, [resourceId])).get(resourceId) ?? Object.create(null);
}

/** The same tags on each new resource. */
export async function tagAtCreation(ctx: TxCtx, resourceIds: string[], tags: { key: string; value: string }[]): Promise<void> {
  if (!tags.length || !resourceIds.length) return;
  await insertRows(ctx.db, "Tag", ["teamId", "resourceId", "key", "value"], resourceIds.flatMap((id) => tags.map((t) => [ctx.team.id, id, t.key, t.value])));
}

/** Tags as a record keyed by tag key (null-prototype: keys are user input). */
export function tagRecord(tags: { key: string; value: string }[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const t of tags) out[t.key] = t.value;
  return out;
}

/** EC2's tagSet: [{ key, value }] in key order. */
export const tagSet = (tags: Record<string, string> | undefined) => Object.keys(tags ?? {}).sort().map((key) => ({ key, value: tags![key] }));
