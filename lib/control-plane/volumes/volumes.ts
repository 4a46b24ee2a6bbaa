// EBS volumes: the root volume an EBS-backed instance gets at launch (an
// instance-store root has none). Terminating the instance deletes a root
// volume marked delete-on-termination and detaches the others.
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { Prisma } from "../../generated/prisma/client";
import { execSql, readRows } from "../../sql/read-rows";
import { afterTransition } from "../instances/observe";
import { tagMap } from "../tags/resource-tags";
import { toDate } from "../instances/view";

afterTransition.push(async (db, instanceId, to, at) => {
  if (to !== "terminated") return;
  await execSql(db, Prisma.sql`UPDATE "Volume" SET "state" = 'deleted', "deletedAt" = ${at} WHERE "instanceId" = ${instanceId} AND "deleteOnTermination" = true AND "state" = 'in-use'`);
  await execSql(db, Prisma.sql`UPDATE "Volume" SET "state" = 'available', "instanceId" = NULL, "device" = NULL, "attachedAt" = NULL WHERE "instanceId" = ${instanceId} AND "state" = 'in-use'`);
});

type Row = { id: string; availabilityZone: string; sizeGiB: number | bigint; volumeType: string; snapshotId: string; state: string; instanceId: string | null; device: string | null; deleteOnTermination: unknown; attachedAt: unknown; createdAt: unknown };

export const describeVolumes = defineVerb({
  kind: "read",
  name: "DescribeVolumes",
  permission: "instances.read",
  input: z.object({ volumeIds: z.array(z.string()).default([]) }),
  async run({ ctx, input }) {
    const rows = await readRows<Row>(
      ctx.db,
      Prisma.sql`SELECT "id", "availabilityZone", "sizeGiB", "volumeType", "snapshotId", "state", "instanceId", "device", "deleteOnTermination", "attachedAt", "createdAt" FROM "Volume" WHERE "teamId" = ${ctx.team.id} AND "state" <> 'deleted' ORDER BY "createdAt", "id"`,
    );
    const known = new Set(rows.map((r) => r.id));
    for (const id of input.volumeIds) if (!known.has(id)) throw new ServiceError("InvalidVolume.NotFound", `The volume '${id}' does not exist.`, "volumeIds");
    const asked = new Set(input.volumeIds);
    const shown = input.volumeIds.length ? rows.filter((r) => asked.has(r.id)) : rows;
    const tags = await tagMap(ctx.db, ctx.team.id, shown.map((r) => r.id));
    return shown.map((r) => ({
      id: r.id,
      availabilityZone: r.availabilityZone,
      sizeGiB: Number(r.sizeGiB),
      volumeType: r.volumeType,
      snapshotId: r.snapshotId,
      state: r.state,
      createdAt: toDate(r.createdAt as number).toISOString(),
      attachment: r.instanceId ? { instanceId: r.instanceId, device: r.device ?? "", attachedAt: toDate(r.attachedAt as number).toISOString(), deleteOnTermination: Boolean(Number(r.deleteOnTermination)), state: "attached" } : null,
      tags: tags.get(r.id) ?? {},
    }));
  },
});

export type VolumeView = Awaited<ReturnType<typeof describeVolumes>>[number];
