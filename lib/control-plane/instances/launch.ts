// RunInstances: one launch is one reservation; its instances get launch indexes
// 0..n-1. Everything is checked before anything is written, and it is all one
// transaction, so a refused launch creates nothing.
import crypto from "node:crypto";
import { archMismatch } from "./compat";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { newId } from "../../ids";
import { launchSchema, DEFAULT_ROOT_GIB, ROOT_DEVICE } from "./schemas";
import { launchableImage } from "../catalog/images";
import { typeLookup } from "../catalog/types";
import { groupsLookup, resolveGroups } from "../groups/lookup";
import { keyPairLookup } from "../keys/lookup";
import { privateDns, publicDns, probeAll, Probe, publicWalk, requirePublicIps, PUBLIC_CURSOR } from "../addresses/pool";
import { privateCursor, requireSubnetIps, subnetWalk } from "../addresses/subnet-pool";
import { launchSubnet, subnetsInUseLookup, type SubnetRow } from "../vpcs/vpcs";
import { actorLabel, type Ctx, type TxCtx } from "../context";
import { describeReservation, type ReservationView } from "./describe";
import { defaultShutdown, type Ec2Details } from "./ec2-details";
import { notifyInstances } from "../../events";
import { Prisma } from "../../generated/prisma/client";
import { readRows } from "../../sql/read-rows";
import { insertStatements } from "../../sql/insert";
import { inList } from "../../sql/in-list";
import { qemuSettings } from "../../providers/qemu/availability";
import { instanceView, type InstanceRow } from "./view";
import { requireZoneUp, zonesDownLookup } from "../instance-groups/outage";
import { lookUpAll, type Lookup } from "../../sql/lookup";

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

/** What a launch looks up before its transaction: none of it is written, and each is checked again under the write lock. */
type Looked =
  | { prior: ReservationView }
  | {
      prior: null;
      image: ReturnType<ReturnType<typeof launchableImage>["read"]>;
      type: { name: string; architecture: string };
      key: { name: string; publicKey: string } | null;
      groups: { id: string; name: string }[];
      subnet: SubnetRow;
      /** The address pools' first probe, from their cursors as the lookups found them. */
      probe: Probe;
      firstProbe: Prisma.Sql[];
      reservationId: string;
      requestHash: string;
    };

/** The first probe asks about this many candidates at least: launches committed since the cursors were read took the first ones. */
const PROBE_BATCH = 64;

type Checks = { prior: string | null; limit: bigint | number; live: bigint | number; vms: bigint | number | null; down: bigint | number; image: bigint | number; groups: bigint | number; maxSeq: bigint | number | null };

export const launchInstances = defineVerb({
  kind: "write",
  name: "RunInstances",
  permission: "instances.launch",
  input: launchSchema,
  failureTargets: (i) => [i.imageId],
  // The lookups run before the transaction, in one statement, while other
  // writes hold the lock. Under the lock, one statement (sent with BEGIN)
  // checks what could have changed meanwhile and probes the address pools, and
  // one more (sent with COMMIT) writes: on PostgreSQL the lock is held for
  // about two round trips.
  plainSql: true,
  async prepare({ ctx, input }): Promise<Looked> {
    const maxCount = input.maxCount ?? input.minCount;
    // A retry with the token of an earlier launch gets that launch back, whatever changed since.
    const prior = input.clientToken ? await reservationFor(ctx, input.clientToken) : null;
    if (prior) {
      requireSameLaunch(prior, requestHashOf(input));
      return { prior: await describeReservation(ctx, prior.id) };
    }
    // One statement for all of them (lib/sql/lookup.ts); the first refusal in this order wins.
    const [image, type, key, groups, down, subnets, cursors] = await lookUpAll(ctx.db, [
      launchableImage(ctx, input.imageId),
      typeLookup(ctx, input.instanceType),
      input.keyName ? keyPairLookup(ctx, input.keyName) : null,
      groupsLookup(ctx, input.securityGroups, input.securityGroupIds),
      zonesDownLookup(ctx),
      subnetsInUseLookup(ctx),
      cursorsLookup(ctx),
    ] as const);
    const mismatch = archMismatch(type, image);
    if (mismatch) throw new ServiceError("InvalidParameterCombination", mismatch, "instanceType");
    const ebs = image.rootDeviceType === "ebs";
    // Instance storage goes with the instance: "stop" can't apply (EC2's words).
    if (input.shutdownBehavior === "stop" && !ebs)
      throw new ServiceError("InvalidParameterCombination", `The attribute instanceInitiatedShutdownBehavior can only be used for elastic images: ${image.id} has an instance-store root, which always terminates.`, "shutdownBehavior");
    if (input.rootVolume && !ebs)
      throw new ServiceError("InvalidParameterCombination", `${image.id} has an instance-store root device: it has no EBS root volume to size.`, "rootVolume");
    // A zone in a simulated outage takes no launches; with none named, one that is up is chosen.
    const subnet = launchSubnet(subnets, { subnetId: input.subnetId, availabilityZone: input.availabilityZone, avoidZones: down }, maxCount);
    const probe = new Probe(
      [subnetWalk(subnet, maxCount, { batch: PROBE_BATCH }), publicWalk(maxCount, { batch: PROBE_BATCH })],
      [cursors.get(privateCursor(subnet.id)) ?? null, cursors.get(PUBLIC_CURSOR) ?? null],
    );
    return { prior: null, image, type, key, groups, subnet, probe, firstProbe: probe.next(), reservationId: newId("r"), requestHash: requestHashOf(input) };
  },
  opening({ ctx, input, prepared }) {
    if (prepared.prior !== null) return [];
    const { image, groups, subnet } = prepared;
    // Everything the lookups found that another write could have changed since, and what the launch counts against
    // (live instances counted up to the limit only: that is all the check needs, and the count is under the write lock).
    // First of them, a launch with the same token committed since the lookups: the
    // retry gets it back, whatever it changed (the limit it filled) or what changed after it.
    const prior = input.clientToken ? Prisma.sql`(SELECT "id" FROM "Reservation" WHERE "teamId" = ${ctx.team.id} AND "clientToken" = ${input.clientToken})` : Prisma.sql`NULL`;
    const checks = Prisma.sql`SELECT
        ${prior} AS "prior",
        (SELECT "instanceLimit" FROM "Team" WHERE "id" = ${ctx.team.id}) AS "limit",
        (SELECT COUNT(*) FROM (SELECT 1 FROM "Instance" WHERE "teamId" = ${ctx.team.id} AND "state" IN (${Prisma.join(LIVE_STATES)})
          LIMIT (SELECT "instanceLimit" FROM "Team" WHERE "id" = ${ctx.team.id})) AS "l") AS "live",
        ${image.provider === "qemu" ? Prisma.sql`(SELECT COUNT(*) FROM "Instance" WHERE "provider" = 'qemu' AND "state" IN (${Prisma.join(LIVE_STATES)}))` : Prisma.sql`NULL`} AS "vms",
        (SELECT COUNT(*) FROM "ZoneOutage" WHERE "teamId" = ${ctx.team.id} AND "zone" = ${subnet.availabilityZone} AND "endedAt" IS NULL AND ("endsAt" IS NULL OR "endsAt" > ${ctx.clock.now()})) AS "down",
        (SELECT COUNT(*) FROM "Image" WHERE "id" = ${image.id} AND "state" = 'available') AS "image",
        (SELECT COUNT(*) FROM "SecurityGroup" WHERE "teamId" = ${ctx.team.id} AND ${inList(Prisma.sql`"id"`, groups.map((g) => g.id))}) AS "groups",
        (SELECT MAX("seq") FROM "Instance") AS "maxSeq"`;
    // A launch with a token claims it first thing under the lock, in the same round trip: the
    // token's unique constraint decides (not the check above), and a refusal later rolls it back.
    const claim = input.clientToken ? [Prisma.sql`${reservationSql(ctx, prepared, input.clientToken, ctx.clock.now())} ON CONFLICT ("teamId", "clientToken") DO NOTHING RETURNING "id"`] : [];
    return [checks, ...prepared.firstProbe, ...claim];
  },
  async run({ ctx, input, audit, prepared, tail, opened }): Promise<ReservationView> {
    const maxCount = input.maxCount ?? input.minCount;
    const returnPrior = (view: ReservationView) => {
      audit.targets(view.reservationId);
      audit.detail("idempotent retry: returned the existing reservation");
      return view;
    };
    if (prepared.prior !== null) return returnPrior(prepared.prior);
    const { image, type, key, groups, probe, reservationId, requestHash } = prepared;
    let subnet = prepared.subnet;
    const [[checked], ...firstProbe] = opened as [[Checks], ...unknown[][]];
    const c = checked;
    // The token's claim (the opening's last rows): none if a launch with the same token got there first.
    const claimed = input.clientToken ? firstProbe.pop()!.length > 0 : null;

    if ((c.prior !== null || claimed === false) && input.clientToken) return returnPrior(await priorLaunch(ctx, input.clientToken, requestHash));

    const now = ctx.clock.now();
    if (Number(c.image) === 0) throw new ServiceError("InvalidAMIID.NotFound", `The image id '${image.id}' does not exist`, "imageId");
    if (Number(c.groups) < groups.length) {
      await resolveGroups(ctx, input.securityGroups, input.securityGroupIds); // names the one that went
      throw new ServiceError("InvalidGroup.NotFound", "A security group of this launch was deleted meanwhile.", "securityGroups");
    }
    const limit = Number(c.limit);
    const room = limit - Number(c.live);
    const count = Math.min(maxCount, room);
    if (count < input.minCount)
      throw new ServiceError(
        "InstanceLimitExceeded",
        `Your team's limit is ${limit} running instances and ${Math.max(room, 0)} more can start; you asked for ${input.minCount}. An admin can raise the limit in Settings.`,
        "minCount",
      );
    if (c.vms !== null) {
      // Real VMs share this host: its capacity is counted over every team.
      const { maxVms } = qemuSettings();
      if (Number(c.vms) + count > maxVms)
        throw new ServiceError(
          "InsufficientInstanceCapacity",
          `This host runs at most ${maxVms} real VMs at once and ${Number(c.vms)} are running; you asked for ${count}. Terminate one, or raise STRATUS_REAL_VM_LIMIT.`,
          "minCount",
        );
    }
    if (Number(c.down) > 0) {
      // The zone went down after the lookups: a launch that named none goes to one that is up, as it would have.
      if (!input.subnetId && !input.availabilityZone) {
        const [subnets, down] = await lookUpAll(ctx.db, [subnetsInUseLookup(ctx), zonesDownLookup(ctx)] as const);
        subnet = launchSubnet(subnets, { avoidZones: down }, count);
      }
      await requireZoneUp(ctx, subnet.availabilityZone);
    }
    const zone = subnet.availabilityZone;

    const by = actorLabel(ctx.actor);
    if (!input.clientToken) tail.add(reservationSql(ctx, prepared, null, now));
    // The addresses: the probe sent with BEGIN, more rounds if it fell short; the
    // cursors are saved with the tail writes. A launch cut short by the limit, or moved to another zone, walks again.
    let found: string[][];
    if (count === maxCount && subnet === prepared.subnet) {
      probe.found(firstProbe);
      found = await probe.finish(ctx.db, tail);
    } else found = await probeAll(ctx.db, [subnetWalk(subnet, count, { tail }), publicWalk(count, { tail })]);
    // As many as there are addresses for, down to MinCount (EC2 launches what it can between the two).
    requireSubnetIps(subnet, found[0], input.minCount);
    requirePublicIps(found[1], input.minCount);
    const launched = Math.min(count, found[0].length, found[1].length);
    const privateIps = found[0].slice(0, launched);
    const publicIps = found[1].slice(0, launched);
    const ids = Array.from({ length: launched }, () => newId("i"));
    const enis = ids.map(() => newId("eni"));
    const volumes = image.rootDeviceType === "ebs" ? ids.map(() => newId("vol")) : [];
    const maxSeq = Number(c.maxSeq ?? 0);
    const rows: InstanceRow[] = ids.map((id, n) => ({
      id, reservationId, launchIndex: n, imageId: image.id, instanceType: type.name, state: "pending", stateReasonCode: "", stateReasonMsg: "",
      privateIp: privateIps[n], publicIp: publicIps[n], privateDns: privateDns(privateIps[n]), publicDns: publicDns(publicIps[n]), keyName: key?.name ?? null,
      availabilityZone: zone, launchedAt: now, stateChangedAt: now, terminatedAt: null, launchedBy: by, provider: image.provider, storageLost: false,
    }));
    tail.add(
      insertStatements(
        "Instance",
        INSTANCE_COLUMNS,
        rows.map((r, n) => [
          r.id, ctx.team.id, reservationId, n, image.id, type.name, image.provider, by, key?.name ?? null, key?.publicKey ?? null, input.userData || null,
          zone, "pending", "running", r.privateIp, r.publicIp, r.privateDns, r.publicDns, now, now, now, input.tokensRequired, maxSeq + 1 + n,
          subnet.id, enis[n], input.disableApiTermination, input.disableApiStop, input.shutdownBehavior ?? "", input.ebsOptimized,
          input.metadata.httpEndpoint ?? "enabled", input.metadata.httpPutResponseHopLimit ?? 1, input.metadata.instanceMetadataTags ?? "disabled",
        ]),
      ),
    );
    const root = input.rootVolume ?? {};
    const tagRows = (resources: string[], tags: { key: string; value: string }[]) => resources.flatMap((id) => tags.map((t) => [ctx.team.id, id, t.key, t.value]));
    tail.add([
      ...insertStatements("Volume", VOLUME_COLUMNS, volumes.map((v, n) => [v, ctx.team.id, zone, root.sizeGiB ?? DEFAULT_ROOT_GIB, root.volumeType ?? "standard", "in-use", ids[n], ROOT_DEVICE, root.deleteOnTermination ?? true, now, now])),
      ...insertStatements("Tag", TAG_COLUMNS, [...tagRows(volumes, input.volumeTags), ...tagRows(enis, input.interfaceTags), ...tagRows(ids, input.tags)]),
      ...insertStatements("StateTransition", ["instanceId", "fromState", "toState", "reasonCode", "reasonMsg", "at"], ids.map((id) => [id, "", "pending", "", `Launched by ${by}`, now])),
      ...insertStatements("InstanceGroup", ["instanceId", "groupId"], ids.flatMap((id) => groups.map((g) => [id, g.id]))),
    ]);

    audit.targets(reservationId, ...ids);
    audit.detail(`${launched} × ${type.name} of ${image.id}`);
    // The view is built from what was just written: no second read.
    const tags = Object.fromEntries(input.tags.map((t) => [t.key, t.value]));
    const extra = { tags, groups: groups.map((g) => ({ id: g.id, name: g.name })), imageName: image.name, rootDeviceType: image.rootDeviceType, architecture: image.architecture };
    const ec2: Ec2Details[] = ids.map((_, n) => ({
      subnetId: subnet.id,
      vpcId: subnet.vpcId,
      networkInterfaceId: enis[n],
      clientToken: input.clientToken || null, // an empty token is none: the reservation keeps null
      disableApiTermination: input.disableApiTermination,
      disableApiStop: input.disableApiStop,
      shutdownBehavior: input.shutdownBehavior || defaultShutdown(image.rootDeviceType),
      sourceDestCheck: true,
      ebsOptimized: input.ebsOptimized,
      metadata: {
        httpTokens: input.tokensRequired ? "required" : "optional",
        httpEndpoint: input.metadata.httpEndpoint ?? "enabled",
        httpPutResponseHopLimit: input.metadata.httpPutResponseHopLimit ?? 1,
        instanceMetadataTags: input.metadata.instanceMetadataTags ?? "disabled",
      },
      volumes: volumes.length ? [{ id: volumes[n], device: ROOT_DEVICE, attachedAt: now.toISOString(), deleteOnTermination: root.deleteOnTermination ?? true }] : [],
    }));
    return { reservationId, launchedBy: by, instances: rows.map((r) => instanceView(r, extra)), ec2 };
  },
  after: ({ output }) => notifyInstances(output.instances.map((i) => i.id)),
});

/** The launch's reservation row (with its token, if it has one). */
function reservationSql(ctx: Ctx | TxCtx, launch: { reservationId: string; requestHash: string }, clientToken: string | null, at: Date): Prisma.Sql {
  return Prisma.sql`INSERT INTO "Reservation" ("id", "teamId", "launchedBy", "clientToken", "requestHash", "createdAt") VALUES (${launch.reservationId}, ${ctx.team.id}, ${actorLabel(ctx.actor)}, ${clientToken}, ${launch.requestHash}, ${at})`;
}

/** The address pools' cursors: the public pool's and each of the team's subnets'. */
function cursorsLookup(ctx: Ctx | TxCtx): Lookup<Map<string, string>> {
  return {
    sql: Prisma.sql`SELECT "key", "value" FROM "Setting" WHERE "key" = ${PUBLIC_CURSOR} OR "key" IN (SELECT ${"cursor.private."} || "id" FROM "Subnet" WHERE "teamId" = ${ctx.team.id})`,
    read: (rows) => new Map(rows.map((r) => [String(r.key), String(r.value)])),
  };
}

const TAG_COLUMNS = ["teamId", "resourceId", "key", "value"];

/** The request as its idempotency token stands for it (the token itself aside). */
const requestHashOf = (input: object) => crypto.createHash("sha256").update(JSON.stringify({ ...input, clientToken: undefined })).digest("hex");

async function reservationFor(ctx: Ctx | TxCtx, clientToken: string): Promise<{ id: string; requestHash: string } | null> {
  const [prior] = await readRows<{ id: string; requestHash: string }>(
    ctx.db,
    Prisma.sql`SELECT "id", "requestHash" FROM "Reservation" WHERE "teamId" = ${ctx.team.id} AND "clientToken" = ${clientToken}`,
  );
  return prior ?? null;
}

/** The launch an idempotency token already stands for, if it was the same launch. */
async function priorLaunch(ctx: TxCtx, clientToken: string, requestHash: string): Promise<ReservationView> {
  const winner = await reservationFor(ctx, clientToken);
  if (!winner) throw new ServiceError("IdempotentParameterMismatch", "This idempotency token is being used by another launch; retry.", "clientToken");
  requireSameLaunch(winner, requestHash);
  return describeReservation(ctx, winner.id);
}

function requireSameLaunch(prior: { requestHash: string }, requestHash: string): void {
  if (prior.requestHash !== requestHash)
    throw new ServiceError("IdempotentParameterMismatch", "This idempotency token was already used for a different launch.", "clientToken");
}
