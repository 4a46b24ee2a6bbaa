// What the failover lab needs from the team: the images it can run the site
// on (their boot times), the instance types with today's hourly price, the
// idle Elastic IP price and the billing mode — prices only for roles that
// may see costs.
import { z } from "zod";
import { defineVerb } from "../verb";
import { allows } from "../../auth/roles";
import { visibleImages } from "../catalog/images";
import { visibleTypes } from "../catalog/types";
import { teamBook } from "../costs/usage";

export interface LabSetup {
  images: { id: string; name: string; architecture: string; bootSeconds: number }[];
  types: { name: string; architecture: string; hourlyMicros: string | null }[];
  eipIdleHourMicros: string | null;
  billingMode: "hourly" | "per-second";
  costsVisible: boolean;
}

export const describeLab = defineVerb({
  kind: "read",
  name: "DescribeFailoverLab",
  permission: "instances.read",
  input: z.object({}),
  async run({ ctx }): Promise<LabSetup> {
    const [images, types] = await Promise.all([
      ctx.db.image.findMany({ where: { ...visibleImages(ctx.team.id), state: "available", provider: "sim" }, orderBy: { name: "asc" }, select: { id: true, name: true, architecture: true, bootSeconds: true } }),
      ctx.db.instanceType.findMany({ where: visibleTypes(ctx.team.id), orderBy: { name: "asc" }, select: { name: true, architecture: true } }),
    ]);
    const costsVisible = allows(ctx.role, "costs.read");
    const book = costsVisible ? await teamBook(ctx) : null;
    const now = ctx.clock.now().getTime();
    return {
      images,
      types: types.map((t) => ({ ...t, hourlyMicros: book ? String(book.rate("instance-hour", t.name, now) ?? 0n) : null })),
      eipIdleHourMicros: book ? String(book.rate("eip-idle", "", now) ?? 0n) : null,
      billingMode: book?.mode(now) ?? "hourly",
      costsVisible,
    };
  },
});
