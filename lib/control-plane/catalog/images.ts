// Images (AMIs): the public catalog plus each team's private registrations.
import { Prisma } from "../../generated/prisma/client";
import { lookUp, type Lookup } from "../../sql/lookup";
import { qemuUnavailable } from "../../providers/qemu/availability";
import { z } from "zod";
import { tagAtCreation } from "../tags/resource-tags";
import { shortLists } from "../../sql/in-list";
import { defineVerb } from "../verb";
import { registerImageSchema } from "./schemas";
import { ServiceError } from "../../errors";
import { isId, newId } from "../../ids";
import type { Ctx, TxCtx } from "../context";

export interface ImageView {
  id: string;
  name: string;
  description: string;
  architecture: string;
  rootDeviceType: string;
  visibility: string;
  ownerAlias: string;
  own: boolean;
  provider: string;
  state: string;
  createdAt: string;
  /** Whether instances of it can start on this host; when not, why and the command that fixes it. */
  unavailable: { reason: string; fix: string } | null;
}

type ImageRow = {
  id: string; name: string; description: string; architecture: string; rootDeviceType: string; visibility: string;
  ownerTeamId: string | null; ownerAlias: string; provider: string; state: string; createdAt: Date;
};

export function imageView(ctx: Pick<Ctx, "team" | "clock">, i: ImageRow): ImageView {
  return {
    id: i.id, name: i.name, description: i.description, architecture: i.architecture, rootDeviceType: i.rootDeviceType,
    visibility: i.visibility, ownerAlias: i.ownerAlias, own: i.ownerTeamId === ctx.team.id, provider: i.provider, state: i.state,
    createdAt: i.createdAt.toISOString(),
    // The live clock speed: an admin can warp it from the console.
    unavailable: i.provider === "qemu" ? qemuUnavailable(i.id, { simSpeed: ctx.clock.speed }) : null,
  };
}

/** Images the team may see: public ones and its own. */
export const visibleImages = (teamId: string) => ({ OR: [{ visibility: "public" }, { ownerTeamId: teamId }] });

/** An available image the team may launch, or InvalidAMIID.NotFound / .Malformed. */
type LaunchableImage = { id: string; name: string; architecture: string; rootDeviceType: string; provider: string };

/** An image this team may launch: public or its own, available, and (a real VM's) able to start here. */
export function launchableImage(ctx: Ctx | TxCtx, imageId: string): Lookup<LaunchableImage> {
  if (!isId("ami", imageId)) throw new ServiceError("InvalidAMIID.Malformed", `Invalid id: "${imageId}" (expecting "ami-…")`, "imageId");
  return {
    sql: Prisma.sql`SELECT "id", "name", "architecture", "rootDeviceType", "provider" FROM "Image" WHERE "id" = ${imageId} AND "state" = 'available' AND ("visibility" = 'public' OR "ownerTeamId" = ${ctx.team.id})`,
    read(rows) {
      const image = rows[0] as LaunchableImage | undefined;
      if (!image) throw new ServiceError("InvalidAMIID.NotFound", `The image id '${imageId}' does not exist`, "imageId");
      const why = image.provider === "qemu" ? qemuUnavailable(image.id, { simSpeed: ctx.clock.speed }) : null;
      if (why) throw new ServiceError("InvalidAMIID.Unavailable", `${image.id} can't start here: ${why.reason} Fix: ${why.fix}`, "imageId");
      return image;
    },
  };
}

export const findLaunchableImage = (ctx: Ctx | TxCtx, imageId: string) => lookUp(ctx.db, launchableImage(ctx, imageId));

export const listImages = defineVerb({
  kind: "read",
  name: "DescribeImages",
  permission: "images.read",
  input: z.object({
    ids: z.array(z.string()).optional(),
    owners: z.array(z.string()).optional(), // "self", "amazon", or a team name
    includeDeregistered: z.boolean().optional(),
  }),
  async run({ ctx, input }) {
    const ids = input.ids ?? [];
    const short = shortLists(ids);
    const all = await ctx.db.image.findMany({
      where: {
        AND: [
          visibleImages(ctx.team.id),
          ids.length && short ? { id: { in: ids } } : {},
          input.includeDeregistered ? {} : { state: "available" },
          input.owners?.length
            ? { OR: input.owners.map((o) => (o === "self" ? { ownerTeamId: ctx.team.id } : { ownerAlias: o })) }
            : {},
        ],
      },
      orderBy: [{ ownerTeamId: "asc" }, { name: "asc" }],
    });
    const asked = new Set(ids);
    const rows = ids.length && !short ? all.filter((r) => asked.has(r.id)) : all;
    return rows.map((r) => imageView(ctx, r));
  },
});

export const registerImage = defineVerb({
  kind: "write",
  name: "RegisterImage",
  permission: "images.write",
  input: registerImageSchema,
  async run({ ctx, input, audit }) {
    const clash = await ctx.db.image.findFirst({ where: { ownerTeamId: ctx.team.id, name: input.name, state: "available" } });
    if (clash) throw new ServiceError("InvalidParameterValue", `Your team already has an image named '${input.name}' (${clash.id}).`, "name");
    const id = newId("ami");
    const image = await ctx.db.image.create({
      data: {
        id, name: input.name, description: input.description, architecture: input.architecture, rootDeviceType: input.rootDeviceType,
        visibility: "private", ownerTeamId: ctx.team.id, ownerAlias: ctx.team.name, provider: "sim", distro: input.distro,
        kernel: input.architecture === "i386" ? "2.6.24-10-xen" : "2.6.32-305-ec2", bootSeconds: 30, profile: "idle", createdAt: ctx.clock.now(),
      },
    });
    await tagAtCreation(ctx, [id], input.tags);
    audit.targets(id);
    return imageView(ctx, image);
  },
});

export const deregisterImage = defineVerb({
  kind: "write",
  name: "DeregisterImage",
  permission: "images.write",
  input: z.object({ imageId: z.string() }),
  failureTargets: (i) => [i.imageId],
  async run({ ctx, input, audit }) {
    if (!isId("ami", input.imageId)) throw new ServiceError("InvalidAMIID.Malformed", `Invalid id: "${input.imageId}"`, "imageId");
    const image = await ctx.db.image.findFirst({ where: { id: input.imageId, state: "available", ...visibleImages(ctx.team.id) } });
    if (!image) throw new ServiceError("InvalidAMIID.NotFound", `The image id '${input.imageId}' does not exist`, "imageId");
    if (image.ownerTeamId !== ctx.team.id)
      throw new ServiceError("UnauthorizedOperation", `${image.id} belongs to ${image.ownerAlias}; you can only deregister your own images.`, "imageId");
    await ctx.db.image.update({ where: { id: image.id }, data: { state: "deregistered", deregisteredAt: ctx.clock.now() } });
    audit.targets(image.id);
    return { imageId: image.id };
  },
});
