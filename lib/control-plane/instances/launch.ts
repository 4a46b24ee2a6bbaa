// RunInstances: one launch is one reservation; its instances get launch indexes
// 0..n-1. Everything is checked before anything is written, and it is all one
// transaction, so a refused launch creates nothing.
import crypto from "node:crypto";
import { archMismatch } from "./compat";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { newId } from "../../ids";
import { launchSchema, DEFAULT_ROOT_GIB, ROOT_DEVICE } from "./schemas";
import { findLaunchableImage } from "../catalog/images";
import { findType } from "../catalog/types";
import { resolveGroups } from "../groups/lookup";
import { findKeyPair } from "../keys/lookup";
import { takePublicIps, privateDns, publicDns } from "../addresses/pool";
import { takeSubnetIps } from "../addresses/subnet-pool";
import { launchSubnet } from "../vpcs/vpcs";
import { tagAtCreation } from "../tags/resource-tags";
import { actorLabel, type TxCtx } from "../context";
import { describeReservation, type ReservationView } from "./describe";
import { notifyInstances } from "../../events";
import { Prisma } from "../../generated/prisma/client";
import { execSql, readRows } from "../../sql/read-rows";
import { insertRows } from "../../sql/insert";
import { qemuSettings } from "../../providers/qemu/availability";
import { instanceView, type InstanceRow } from "./view";
import { requireZoneUp, zonesDown } from "../instance-groups/outage";

/** States that count against the team's running-instance limit. */
export const LIVE_STATES = ["pending", "running", "stopping"];

/** How many instances count against the team's limit (stopped ones don't, as in EC2). */
export async function liveCount(ctx: TxCtx): Promise<number> {
  const [r] = await readRows<{ c: bigint | number }>(ctx.db, Prisma.sql`SELECT COUNT(*) AS c FROM "Instance" WHERE "teamId" = ${ctx.team.id} AND "state" IN (${Prisma.join(LIVE_STATES)})`);
  return Number(r.c);
}

const INSTANCE_COLUMNS = [
  "id", "teamId", "reservationId", "launchIndex", "imageId", "instanceType", "provider", "launchedBy", "keyName", "publicKey", "userData",
  "availabilityZone", "state", "desiredState", "privateIp", "publicIp", "privateDns", "publicDns", "launchedAt", "stateChangedAt", "nextCheckAt",
  "tokensRequired", "seq", "subnetId", "networkInterfaceId", "disableApiTermination", "disableApiStop", "shutdownBehavior", "ebsOptimized",
  "httpEndpoint", "httpPutResponseHopLimit", "instanceMetadataTags",
];

const VOLUME_COLUMNS = ["id", "teamId", "availabilityZone", "sizeGiB", "volumeType", "state", "instanceId", "device", "deleteOnTermination", "attachedAt", "createdAt"];

export const launchInstances = defineVerb({
  kind: "write",
  name: "RunInstances",
  permission: "instances.launch",
  input: launchSchema,
  failureTargets: (i) => [i.imageId],
  async run({ ctx, input, audit }): Promise<ReservationView> {
    const maxCount = input.maxCount ?? input.minCount;
    const requestHash = crypto.createHash("sha256").update(JSON.stringify({ ...input, clientToken: undefined })).digest("hex");

    // A retry with the token of an earlier launch gets that launch back.
    const priorLaunch = async (): Promise<ReservationView | null> => {
      if (!input.clientToken) return null;
      const [prior] = await readRows<{ id: string; requestHash: string }>(
        ctx.db,
        Prisma.sql`SELECT "id", "requestHash" FROM "Reservation" WHERE "teamId" = ${ctx.team.id} AND "clientToken" = ${input.clientToken}`,
      );
      if (!prior) return null;
      if (prior.requestHash !== requestHash)
        throw new ServiceError("IdempotentParameterMismatch", "This idempotency token was already used for a different launch.", "clientToken");
      audit.targets(prior.id);
      audit.detail("idempotent retry: returned the existing reservation");
      return describeReservation(ctx, prior.id);
    };
    const prior = await priorLaunch();
    if (prior) return prior;

    const image = await findLaunchableImage(ctx, input.imageId);
    const type = await findType(ctx, input.instanceType);
    const mismatch = archMismatch(type, image);
    if (mismatch) throw new ServiceError("InvalidParameterCombination", mismatch, "instanceType");
    const key = input.keyName ? await findKeyPair(ctx, input.keyName) : null;
    const groups = await resolveGroups(ctx, input.securityGroups, input.securityGroupIds);
    const ebs = image.rootDeviceType === "ebs";
    // Instance storage goes with the instance: "stop" can't apply (EC2's words).
    if (input.shutdownBehavior === "stop" && !ebs)
      throw new ServiceError("InvalidParameterCombination", `The attribute instanceInitiatedShutdownBehavior can only be used for elastic images: ${image.id} has an instance-store root, which always terminates.`, "shutdownBehavior");
    if (input.rootVolume && !ebs)
      throw new ServiceError("InvalidParameterCombination", `${image.id} has an instance-store root device: it has no EBS root volume to size.`, "rootVolume");

    const [team] = await readRows<{ instanceLimit: bigint | number }>(ctx.db, Prisma.sql`SELECT "instanceLimit" FROM "Team" WHERE "id" = ${ctx.team.id}`);
    const limit = Number(team.instanceLimit);
    const room = limit - (await liveCount(ctx));
    const count = Math.min(maxCount, room);
    if (count < input.minCount)
      throw new ServiceError(
        "InstanceLimitExceeded",
        `Your team's limit is ${limit} running instances and ${Math.max(room, 0)} more can start; you asked for ${input.minCount}. An admin can raise the limit in Settings.`,
        "minCount",
      );

    // Plain SQL in the verb's transaction: a launch is a handful of statements
    // whether it starts one instance or a thousand.
    if (image.provider === "qemu") {
      // Real VMs share this host: its capacity is counted over every team.
      const { maxVms } = qemuSettings();
      const [r] = await readRows<{ c: bigint | number }>(ctx.db, Prisma.sql`SELECT COUNT(*) AS c FROM "Instance" WHERE "provider" = 'qemu' AND "state" IN (${Prisma.join(LIVE_STATES)})`);
      if (Number(r.c) + count > maxVms)
        throw new ServiceError(
          "InsufficientInstanceCapacity",
          `This host runs at most ${maxVms} real VMs at once and ${Number(r.c)} are running; you asked for ${count}. Terminate one, or raise STRATUS_REAL_VM_LIMIT.`,
          "minCount",
        );
    }

    // A zone in a simulated outage takes no launches; with none named, one that is up is chosen.
    const subnet = await launchSubnet(ctx, { subnetId: input.subnetId, availabilityZone: input.availabilityZone, avoidZones: await zonesDown(ctx) }, count);
    const zone = subnet.availabilityZone;
    await requireZoneUp(ctx, zone);
    const now = ctx.clock.now();
    const by = actorLabel(ctx.actor);
    const reservationId = newId("r");
    // The token's unique constraint decides, not the check above: a launch with
    // the same token committed meanwhile (another replica) wins, and this one
    // returns it, having taken nothing.
    const claimed = await execSql(
      ctx.db,
      Prisma.sql`INSERT INTO "Reservation" ("id", "teamId", "launchedBy", "clientToken", "requestHash", "createdAt") VALUES (${reservationId}, ${ctx.team.id}, ${by}, ${input.clientToken ?? null}, ${requestHash}, ${now}) ON CONFLICT ("teamId", "clientToken") DO NOTHING`,
    );
    if (claimed === 0) {
      const winner = await priorLaunch();
      if (winner) return winner;
      throw new ServiceError("IdempotentParameterMismatch", "This idempotency token is being used by another launch; retry.", "clientToken");
    }
    const privateIps = await takeSubnetIps(ctx.db, subnet, count);
    const publicIps = await takePublicIps(ctx.db, count);
    const ids = Array.from({ length: count }, () => newId("i"));
    const enis = ids.map(() => newId("eni"));
    const volumes = ebs ? ids.map(() => newId("vol")) : [];
    const [{ m }] = await readRows<{ m: bigint | number | null }>(ctx.db, Prisma.sql`SELECT MAX("seq") AS m FROM "Instance"`);
    const maxSeq = Number(m ?? 0);
    const rows: InstanceRow[] = ids.map((id, n) => ({
      id, reservationId, launchIndex: n, imageId: image.id, instanceType: type.name, state: "pending", stateReasonCode: "", stateReasonMsg: "",
      privateIp: privateIps[n], publicIp: publicIps[n], privateDns: privateDns(privateIps[n]), publicDns: publicDns(publicIps[n]), keyName: key?.name ?? null,
      availabilityZone: zone, launchedAt: now, stateChangedAt: now, terminatedAt: null, launchedBy: by, provider: image.provider, storageLost: false,
    }));
    await insertRows(
      ctx.db,
      "Instance",
      INSTANCE_COLUMNS,
      rows.map((r, n) => [
        r.id, ctx.team.id, reservationId, n, image.id, type.name, image.provider, by, key?.name ?? null, key?.publicKey ?? null, input.userData || null,
        zone, "pending", "running", r.privateIp, r.publicIp, r.privateDns, r.publicDns, now, now, now, input.tokensRequired, maxSeq + 1 + n,
        subnet.id, enis[n], input.disableApiTermination, input.disableApiStop, input.shutdownBehavior ?? "", input.ebsOptimized,
        input.metadata.httpEndpoint ?? "enabled", input.metadata.httpPutResponseHopLimit ?? 1, input.metadata.instanceMetadataTags ?? "disabled",
      ]),
    );
    const root = input.rootVolume ?? {};
    await insertRows(ctx.db, "Volume", VOLUME_COLUMNS, volumes.map((v, n) => [v, ctx.team.id, zone, root.sizeGiB ?? DEFAULT_ROOT_GIB, root.volumeType ?? "standard", "in-use", ids[n], ROOT_DEVICE, root.deleteOnTermination ?? true, now, now]));
    await tagAtCreation(ctx, volumes, input.volumeTags);
    await tagAtCreation(ctx, enis, input.interfaceTags);
    await insertRows(ctx.db, "StateTransition", ["instanceId", "fromState", "toState", "reasonCode", "reasonMsg", "at"], ids.map((id) => [id, "", "pending", "", `Launched by ${by}`, now]));
    await insertRows(ctx.db, "InstanceGroup", ["instanceId", "groupId"], ids.flatMap((id) => groups.map((g) => [id, g.id])));
    await insertRows(ctx.db, "Tag", ["teamId", "resourceId", "key", "value"], ids.flatMap((id) => input.tags.map((t) => [ctx.team.id, id, t.key, t.value])));

    audit.targets(reservationId, ...ids);
    audit.detail(`${count} × ${type.name} of ${image.id}`);
    // The view is built from what was just written: no second read.
    const tags = Object.fromEntries(input.tags.map((t) => [t.key, t.value]));
    const extra = { tags, groups: groups.map((g) => ({ id: g.id, name: g.name })), imageName: image.name, rootDeviceType: image.rootDeviceType, architecture: image.architecture };
    return { reservationId, launchedBy: by, instances: rows.map((r) => instanceView(r, extra)) };
  },
  after: ({ output }) => notifyInstances(output.instances.map((i) => i.id)),
});
