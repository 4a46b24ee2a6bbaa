// RunInstances: one launch is one reservation; its instances get launch indexes
// 0..n-1. Everything is checked before anything is written, and it is all one
// transaction, so a refused launch creates nothing.
import crypto from "node:crypto";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { newId } from "../../ids";
import { launchSchema } from "./schemas";
import { findLaunchableImage } from "../catalog/images";
import { findType } from "../catalog/types";
import { resolveGroups } from "../groups/lookup";
import { findKeyPair } from "../keys/lookup";
import { takePrivateIps, takePublicIps, privateDns, publicDns } from "../addresses/pool";
import { AVAILABILITY_ZONES } from "../catalog/seed-data";
import { actorLabel, type TxCtx } from "../context";
import { describeReservation, type ReservationView } from "./describe";
import { notifyInstances } from "../../events";

const LIVE_STATES = ["pending", "running", "stopping"];

/** How many instances count against the team's limit (stopped ones don't, as in EC2). */
export async function liveCount(ctx: TxCtx): Promise<number> {
  return ctx.db.instance.count({ where: { teamId: ctx.team.id, state: { in: LIVE_STATES } } });
}

export const launchInstances = defineVerb({
  kind: "write",
  name: "RunInstances",
  permission: "instances.launch",
  input: launchSchema,
  failureTargets: (i) => [i.imageId],
  async run({ ctx, input, audit }): Promise<ReservationView> {
    const maxCount = input.maxCount ?? input.minCount;
    const requestHash = crypto.createHash("sha256").update(JSON.stringify({ ...input, clientToken: undefined })).digest("hex");

    if (input.clientToken) {
      const prior = await ctx.db.reservation.findUnique({ where: { teamId_clientToken: { teamId: ctx.team.id, clientToken: input.clientToken } } });
      if (prior) {
        if (prior.requestHash !== requestHash)
          throw new ServiceError("IdempotentParameterMismatch", "This idempotency token was already used for a different launch.", "clientToken");
        audit.targets(prior.id);
        audit.detail("idempotent retry: returned the existing reservation");
        return describeReservation(ctx, prior.id);
      }
    }

    const image = await findLaunchableImage(ctx, input.imageId);
    const type = await findType(ctx, input.instanceType);
    if (type.architecture !== image.architecture) {
      const bits = (a: string) => (a === "i386" ? "32-bit (i386)" : "64-bit (x86_64)");
      throw new ServiceError(
        "InvalidParameterCombination",
        `${type.name} takes ${bits(type.architecture)} images only, and ${image.id} is ${bits(image.architecture)}. ${type.architecture === "i386" ? "Choose a 64-bit type such as m1.large or m1.xlarge." : "Choose a 32-bit type such as m1.small."}`,
        "instanceType",
      );
    }
    const key = input.keyName ? await findKeyPair(ctx, input.keyName) : null;
    const groups = await resolveGroups(ctx, input.securityGroups, input.securityGroupIds);
    const zone = input.availabilityZone ?? AVAILABILITY_ZONES[Math.floor(Math.random() * AVAILABILITY_ZONES.length)];
    if (!(AVAILABILITY_ZONES as readonly string[]).includes(zone))
      throw new ServiceError("InvalidParameterValue", `Invalid availability zone: [${zone}]. Choose one of ${AVAILABILITY_ZONES.join(", ")}.`, "availabilityZone");

    const team = await ctx.db.team.findUniqueOrThrow({ where: { id: ctx.team.id }, select: { instanceLimit: true } });
    const room = team.instanceLimit - (await liveCount(ctx));
    const count = Math.min(maxCount, room);
    if (count < input.minCount)
      throw new ServiceError(
        "InstanceLimitExceeded",
        `Your team's limit is ${team.instanceLimit} running instances and ${Math.max(room, 0)} more can start; you asked for ${input.minCount}. An admin can raise the limit in Settings.`,
        "minCount",
      );

    const now = ctx.clock.now();
    const privateIps = await takePrivateIps(ctx.db, count);
    const publicIps = await takePublicIps(ctx.db, count);
    const reservationId = newId("r");
    await ctx.db.reservation.create({
      data: { id: reservationId, teamId: ctx.team.id, launchedBy: actorLabel(ctx.actor), clientToken: input.clientToken ?? null, requestHash, createdAt: now },
    });
    const ids = Array.from({ length: count }, () => newId("i"));
    const maxSeq = (await ctx.db.instance.aggregate({ _max: { seq: true } }))._max.seq ?? 0;
    await ctx.db.instance.createMany({
      data: ids.map((id, n) => ({
        id, teamId: ctx.team.id, reservationId, launchIndex: n, imageId: image.id, instanceType: type.name, provider: image.provider,
        launchedBy: actorLabel(ctx.actor), keyName: key?.name ?? null, publicKey: key?.publicKey ?? null, userData: input.userData || null,
        availabilityZone: zone, state: "pending", desiredState: "running", privateIp: privateIps[n], publicIp: publicIps[n],
        privateDns: privateDns(privateIps[n]), publicDns: publicDns(publicIps[n]), launchedAt: now, stateChangedAt: now, nextCheckAt: now,
        tokensRequired: input.tokensRequired, seq: maxSeq + 1 + n,
      })),
    });
    await ctx.db.stateTransition.createMany({
      data: ids.map((id) => ({ instanceId: id, fromState: "", toState: "pending", reasonCode: "", reasonMsg: `Launched by ${actorLabel(ctx.actor)}`, at: now })),
    });
    await ctx.db.instanceGroup.createMany({ data: ids.flatMap((instanceId) => groups.map((g) => ({ instanceId, groupId: g.id }))) });
    if (input.tags.length)
      await ctx.db.tag.createMany({ data: ids.flatMap((resourceId) => input.tags.map((t) => ({ teamId: ctx.team.id, resourceId, key: t.key, value: t.value }))) });

    audit.targets(reservationId, ...ids);
    audit.detail(`${count} × ${type.name} of ${image.id}`);
    return describeReservation(ctx, reservationId);
  },
  after: ({ output }) => notifyInstances(output.instances.map((i) => i.id)),
});
