// Keeps the built-in catalog present (idempotent: runs on every start, so new
// built-ins arrive with upgrades while edits made since are kept).
import type { Db } from "../../db";
import { BUILTIN_IMAGES, BUILTIN_TYPES } from "./seed-data";

export async function seedCatalog(db: Db, at: Date): Promise<void> {
  // One transaction: replicas starting together on an empty database take turns
  // (the write lock), and the second finds the catalog the first wrote.
  await db.$transaction(async (tx) => {
    const types = await tx.instanceType.findMany({ where: { ownerTeamId: null }, select: { id: true } });
    const haveTypes = new Set(types.map((t) => t.id));
    const missingTypes = BUILTIN_TYPES.filter((t) => !haveTypes.has(t.id));
    if (missingTypes.length)
      await tx.instanceType.createMany({
        data: missingTypes.map(({ hourly: _h, ...t }) => ({ ...t, ownerTeamId: null, createdAt: at })),
      });
    const images = await tx.image.findMany({ where: { id: { in: BUILTIN_IMAGES.map((i) => i.id) } }, select: { id: true } });
    const haveImages = new Set(images.map((i) => i.id));
    const missingImages = BUILTIN_IMAGES.filter((i) => !haveImages.has(i.id));
    if (missingImages.length)
      await tx.image.createMany({
        data: missingImages.map((i) => ({ ownerAlias: "amazon", provider: "sim", ...i, visibility: "public", ownerTeamId: null, createdAt: at })),
      });
  });
}
