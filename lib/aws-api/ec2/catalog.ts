// Images, instance types, regions and zones.
import type { Ctx } from "../../control-plane/context";
import { ServiceError } from "../../errors";
import { accountIdOf } from "../../ids";
import { listImages, registerImage, deregisterImage } from "../../control-plane/catalog/images";
import { listInstanceTypes } from "../../control-plane/catalog/types";
import { AVAILABILITY_ZONES, REGION } from "../../control-plane/catalog/seed-data";
import { items } from "../xml";
import { anyWildcard } from "../../filters/wildcard";
import { filters, list, required, str, type Params } from "../query";

export async function describeImagesApi(ctx: Ctx, p: Params) {
  const f = filters(p, ["image-id", "name", "architecture", "root-device-type", "owner-alias", "is-public", "state"]);
  const owners = list(p, "Owner");
  const ids = list(p, "ImageId");
  let images = await listImages({ ctx, input: { ids: ids.length ? ids : undefined, owners: owners.length ? owners : undefined } });
  const found = new Set(images.map((i) => i.id));
  for (const id of ids) if (!found.has(id)) throw new ServiceError("InvalidAMIID.NotFound", `The image id '[${id}]' does not exist`);
  // EC2 wildcards (*, ?, \ escapes) in every filter, matched in linear time (lib/filters/wildcard.ts).
  const matchers = new Map([...f].map(([name, values]) => [name, anyWildcard(values)]));
  const match = (name: string, v: string) => matchers.get(name)?.(v) ?? true;
  images = images.filter((i) => match("image-id", i.id) && match("name", i.name) && match("architecture", i.architecture) && match("root-device-type", i.rootDeviceType) && match("owner-alias", i.ownerAlias) && match("is-public", String(i.visibility === "public")) && match("state", i.state));
  return {
    imagesSet: items(
      images.map((i) => ({
        imageId: i.id,
        imageLocation: `${i.ownerAlias}/${i.name}`,
        imageState: i.state,
        imageOwnerId: i.own ? accountIdOf(ctx.team.id) : "137112412989",
        creationDate: i.createdAt,
        isPublic: i.visibility === "public",
        architecture: i.architecture,
        imageType: "machine",
        imageOwnerAlias: i.own ? undefined : i.ownerAlias,
        name: i.name,
        description: i.description,
        rootDeviceType: i.rootDeviceType,
        rootDeviceName: "/dev/sda1",
        blockDeviceMapping: "",
        virtualizationType: "paravirtual",
        hypervisor: "xen",
      })),
    ),
  };
}

export async function registerImageApi(ctx: Ctx, p: Params) {
  const r = await registerImage({ ctx, input: { name: required(p, "Name"), description: str(p, "Description") ?? "", architecture: (str(p, "Architecture") ?? "x86_64") as "x86_64", rootDeviceType: str(p, "RootDeviceName") ? "ebs" : "instance-store" } });
  return { imageId: r.id };
}

export async function deregisterImageApi(ctx: Ctx, p: Params) {
  await deregisterImage({ ctx, input: { imageId: required(p, "ImageId") } });
  return { return: true };
}

export async function describeInstanceTypesApi(ctx: Ctx, p: Params) {
  const names = list(p, "InstanceType");
  const types = await listInstanceTypes({ ctx, input: { names: names.length ? names : undefined } });
  const known = new Set(types.map((t) => t.name));
  for (const n of names) if (!known.has(n)) throw new ServiceError("InvalidInstanceType", `The following supplied instance types do not exist: [${n}]`);
  return {
    instanceTypeSet: items(
      types.map((t) => ({
        instanceType: t.name,
        currentGeneration: false,
        freeTierEligible: false,
        supportedUsageClasses: items(["on-demand"]),
        supportedRootDeviceTypes: items(["ebs", "instance-store"]),
        supportedVirtualizationTypes: items(["paravirtual"]),
        bareMetal: false,
        hypervisor: "xen",
        processorInfo: { supportedArchitectures: items([t.architecture]), sustainedClockSpeedInGhz: 2.6 },
        vCpuInfo: { defaultVCpus: t.vcpus, defaultCores: t.vcpus, defaultThreadsPerCore: 1 },
        memoryInfo: { sizeInMiB: t.memoryMiB },
        instanceStorageSupported: t.storageGb > 0,
        instanceStorageInfo: t.storageGb > 0 ? { totalSizeInGB: t.storageGb, nvmeSupport: "unsupported" } : undefined,
      })),
    ),
  };
}

/** Regions as Stratus lists them (and accepts in a signature): lib/aws-api/regions.ts. */
import { REGIONS } from "../regions";
export { REGIONS };

export async function describeRegionsApi(_ctx: Ctx, p: Params) {
  const names = list(p, "RegionName");
  for (const n of names) if (!REGIONS.includes(n)) throw new ServiceError("InvalidParameterValue", `Invalid region: ${n}`);
  return { regionInfo: items(REGIONS.filter((r) => !names.length || names.includes(r)).map((r) => ({ regionName: r, regionEndpoint: `ec2.${r}.amazonaws.com`, optInStatus: "opt-in-not-required" }))) };
}

export async function describeAvailabilityZonesApi(_ctx: Ctx, p: Params) {
  const names = list(p, "ZoneName");
  for (const n of names) if (!(AVAILABILITY_ZONES as readonly string[]).includes(n)) throw new ServiceError("InvalidParameterValue", `Invalid availability zone: [${n}]`);
  return {
    availabilityZoneInfo: items(
      AVAILABILITY_ZONES.filter((z) => !names.length || names.includes(z)).map((z, i) => ({ zoneName: z, zoneState: "available", regionName: REGION, zoneId: `use1-az${i + 1}`, zoneType: "availability-zone", groupName: REGION, messageSet: "" })),
    ),
  };
}
