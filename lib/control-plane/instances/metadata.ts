// What an instance sees at 169.254.169.254, read from the control plane.
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { REGION } from "../catalog/seed-data";
import { accountIdOf } from "../../ids";
import { flatten, identityDocument, type InstanceMeta } from "../../metadata/imds";
import { publicBindAddress } from "../../providers/qemu/availability";
import type { Ctx } from "../context";
import type { Db } from "../../db";
import { tagRecord } from "../tags/resource-tags";

/** The metadata of one instance of the team, or InvalidInstanceID.NotFound. */
export async function instanceMeta(db: Db, teamId: string | null, instanceId: string): Promise<InstanceMeta> {
  const inst = await db.instance.findFirst({ where: { id: instanceId, ...(teamId ? { teamId } : {}) } });
  if (!inst) throw new ServiceError("InvalidInstanceID.NotFound", `The instance ID '${instanceId}' does not exist`, "instanceId");
  const [image, links] = await Promise.all([
    db.image.findUnique({ where: { id: inst.imageId }, select: { architecture: true } }),
    db.instanceGroup.findMany({ where: { instanceId } }),
  ]);
  const groups = await db.securityGroup.findMany({ where: { id: { in: links.map((l) => l.groupId) } }, select: { name: true } });
  return {
    instanceId: inst.id,
    imageId: inst.imageId,
    launchIndex: inst.launchIndex,
    instanceType: inst.instanceType,
    architecture: image?.architecture ?? "x86_64",
    reservationId: inst.reservationId,
    accountId: accountIdOf(inst.teamId),
    availabilityZone: inst.availabilityZone,
    region: REGION,
    localHostname: inst.privateDns,
    localIpv4: inst.privateIp,
    publicHostname: inst.provider === "qemu" ? "" : inst.publicDns,
    publicIpv4: inst.provider === "qemu" && inst.publicIp ? publicBindAddress() : inst.publicIp,
    securityGroups: groups.map((g) => g.name).sort(),
    keyName: inst.keyName,
    publicKey: inst.publicKey,
    userData: inst.userData,
    pendingTime: inst.launchedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    tokensRequired: inst.tokensRequired,
    endpointDisabled: inst.httpEndpoint === "disabled",
    tags: inst.instanceMetadataTags === "enabled" ? tagRecord(await db.tag.findMany({ where: { teamId: inst.teamId, resourceId: inst.id }, select: { key: true, value: true } })) : null,
  };
}

export const describeMetadata = defineVerb({
  kind: "read",
  name: "DescribeInstanceMetadata",
  permission: "instances.read",
  input: z.object({ instanceId: z.string() }),
  async run({ ctx, input }: { ctx: Ctx; input: { instanceId: string } }) {
    const m = await instanceMeta(ctx.db, ctx.team.id, input.instanceId);
    return { values: flatten(m), document: identityDocument(m), hasUserData: Boolean(m.userData), tokensRequired: m.tokensRequired };
  },
});
