// Images, instance types, regions and zones.
import type { Ctx } from "../../control-plane/context";
import { ServiceError } from "../../errors";
import { accountIdOf } from "../../ids";
import { listImages, registerImage, deregisterImage } from "../../control-plane/catalog/images";
import { listInstanceTypes } from "../../control-plane/catalog/types";
import { AVAILABILITY_ZONES, REGION } from "../../control-plane/catalog/seed-data";
import { items } from "../xml";
import { int, list, required, str, type Params } from "../query";
import { own, table } from "../../own";
import { REGIONS } from "../regions";
import { applyFilters, readFilters, type Accessors } from "./filtering";
import { tagSpecs } from "./tag-specs";
import { tagMap, tagSet } from "../../control-plane/tags/resource-tags";
import { DEFAULT_ROOT_GIB, ROOT_DEVICE } from "../../control-plane/instances/schemas";

/** The owner id EC2 shows for the built-in catalog (Amazon's images in 2008). */
const AMAZON_OWNER = "137112412989";

type ImageRow = Awaited<ReturnType<typeof listImages>>[number] & { tags: Record<string, string> };

const IMAGE_FILTERS: Accessors<ImageRow> = {
  "image-id": (i) => i.id,
  name: (i) => i.name,
  description: (i) => i.description,
  architecture: (i) => i.architecture,
  "root-device-type": (i) => i.rootDeviceType,
  "root-device-name": () => ROOT_DEVICE,
  "owner-alias": (i) => (i.own ? undefined : i.ownerAlias),
  "owner-id": () => null,
  "is-public": (i) => i.visibility === "public",
  state: (i) => i.state,
  "image-type": () => "machine",
  "virtualization-type": () => "paravirtual",
  hypervisor: () => "xen",
  "platform-details": () => "Linux/UNIX",
  "block-device-mapping.device-name": (i) => (i.rootDeviceType === "ebs" ? ROOT_DEVICE : undefined),
  "block-device-mapping.volume-size": (i) => (i.rootDeviceType === "ebs" ? DEFAULT_ROOT_GIB : undefined),
  "block-device-mapping.volume-type": (i) => (i.rootDeviceType === "ebs" ? "standard" : undefined),
  "block-device-mapping.delete-on-termination": (i) => (i.rootDeviceType === "ebs" ? true : undefined),
};

export async function describeImagesApi(ctx: Ctx, p: Params) {
  const account = accountIdOf(ctx.team.id);
  const filters = readFilters(p, Object.keys(IMAGE_FILTERS));
  // Owners by alias ("self", "amazon") or account id, as EC2 takes them.
  const owners = list(p, "Owner").map((o) => (o === AMAZON_OWNER ? "amazon" : o === account ? "self" : o));
  const ids = list(p, "ImageId");
  const images = await listImages({ ctx, input: { ids: ids.length ? ids : undefined, owners: owners.length ? owners : undefined } });
  const found = new Set(images.map((i) => i.id));
  for (const id of ids) if (!found.has(id)) throw new ServiceError("InvalidAMIID.NotFound", `The image id '[${id}]' does not exist`, "imageId");
  const tags = await tagMap(ctx.db, ctx.team.id, images.map((i) => i.id));
  const ownerOf = (i: { own: boolean }) => (i.own ? account : AMAZON_OWNER);
  const rows = applyFilters(images.map((i) => ({ ...i, tags: tags.get(i.id) ?? {} })), filters, { ...IMAGE_FILTERS, "owner-id": ownerOf }, (i) => i.tags);
  return {
    imagesSet: items(
      rows.map((i) => ({
        imageId: i.id,
        imageLocation: `${i.ownerAlias}/${i.name}`,
        imageState: i.state,
        imageOwnerId: ownerOf(i),
        creationDate: i.createdAt,
        isPublic: i.visibility === "public",
        architecture: i.architecture,
        imageType: "machine",
        imageOwnerAlias: i.own ? undefined : i.ownerAlias,
        name: i.name,
        description: i.description,
        rootDeviceType: i.rootDeviceType,
        rootDeviceName: ROOT_DEVICE,
        blockDeviceMapping: items(i.rootDeviceType === "ebs" ? [{ deviceName: ROOT_DEVICE, ebs: { deleteOnTermination: true, volumeSize: DEFAULT_ROOT_GIB, volumeType: "standard", encrypted: false } }] : []),
        virtualizationType: "paravirtual",
        tagSet: items(tagSet(i.tags)),
        hypervisor: "xen",
        platformDetails: "Linux/UNIX",
        usageOperation: "RunInstances",
        bootMode: "legacy-bios",
      })),
    ),
  };
}

export async function registerImageApi(ctx: Ctx, p: Params) {
  const tags = tagSpecs(p, ["image"]).get("image") ?? [];
  const r = await registerImage({ ctx, input: { name: required(p, "Name"), description: str(p, "Description") ?? "", architecture: (str(p, "Architecture") ?? "x86_64") as "x86_64", rootDeviceType: str(p, "RootDeviceName") ? "ebs" : "instance-store", tags } });
  return { imageId: r.id };
}

export async function deregisterImageApi(ctx: Ctx, p: Params) {
  await deregisterImage({ ctx, input: { imageId: required(p, "ImageId") } });
  return { return: true };
}

type TypeRow = Awaited<ReturnType<typeof listInstanceTypes>>[number];

const TYPE_FILTERS: Accessors<TypeRow> = {
  "instance-type": (t) => t.name,
  "processor-info.supported-architecture": (t) => t.architecture,
  "memory-info.size-in-mib": (t) => t.memoryMiB,
  "vcpu-info.default-vcpus": (t) => t.vcpus,
  "instance-storage-supported": (t) => t.storageGb > 0,
  "instance-storage-info.total-size-in-gb": (t) => t.storageGb,
  "burstable-performance-supported": () => false,
  "current-generation": () => false,
  "free-tier-eligible": () => false,
  hypervisor: () => "xen",
  "supported-root-device-type": () => ["ebs", "instance-store"],
  "supported-virtualization-type": () => "paravirtual",
  "supported-usage-class": () => "on-demand",
  "bare-metal": () => false,
};

export async function describeInstanceTypesApi(ctx: Ctx, p: Params) {
  const names = list(p, "InstanceType");
  const filters = readFilters(p, Object.keys(TYPE_FILTERS), { tags: false });
  const all = await listInstanceTypes({ ctx, input: { names: names.length ? names : undefined } });
  const known = new Set(all.map((t) => t.name));
  for (const n of names) if (!known.has(n)) throw new ServiceError("InvalidInstanceType", `The following supplied instance types do not exist: [${n}]`);
  const types = applyFilters(all, filters, TYPE_FILTERS);
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
        instanceStorageInfo: t.storageGb > 0 ? { totalSizeInGB: t.storageGb, disks: items([{ sizeInGB: t.storageGb, count: 1, type: "hdd" }]), nvmeSupport: "unsupported" } : undefined,
        ebsInfo: { ebsOptimizedSupport: "unsupported", encryptionSupport: "unsupported", nvmeSupport: "unsupported" },
        networkInfo: { networkPerformance: "Moderate", maximumNetworkInterfaces: 1, ipv4AddressesPerInterface: 1, ipv6AddressesPerInterface: 0, ipv6Supported: false, enaSupport: "unsupported", efaSupported: false, encryptionInTransitSupported: false },
        placementGroupInfo: { supportedStrategies: "" },
        hibernationSupported: false,
        burstablePerformanceSupported: false,
        dedicatedHostsSupported: false,
        autoRecoverySupported: false,
        supportedBootModes: items(["legacy-bios"]),
      })),
    ),
  };
}

type Offering = { instanceType: string; locationType: string; location: string };
const OFFERING_FILTERS: Accessors<Offering> = { "instance-type": (o) => o.instanceType, location: (o) => o.location };

const LOCATIONS = table({ region: [REGION], "availability-zone": [...AVAILABILITY_ZONES], "availability-zone-id": AVAILABILITY_ZONES.map((_, i) => `use1-az${i + 1}`) });

/** Where each type is offered: every type in the region and in each of its zones. */
export async function describeInstanceTypeOfferingsApi(ctx: Ctx, p: Params) {
  const locationType = str(p, "LocationType") ?? "region";
  const where = own(LOCATIONS, locationType);
  if (!where) throw new ServiceError("InvalidParameterValue", `Value (${locationType}) for parameter LocationType is invalid: use region, availability-zone or availability-zone-id.`);
  const filters = readFilters(p, Object.keys(OFFERING_FILTERS), { tags: false });
  const max = int(p, "MaxResults", { min: 5, max: 1000 });
  const types = await listInstanceTypes({ ctx, input: {} });
  const all = types.flatMap((t) => where.map((location) => ({ instanceType: t.name, locationType, location })));
  const shown = applyFilters(all, filters, OFFERING_FILTERS);
  const offset = Number(str(p, "NextToken") ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw new ServiceError("InvalidParameterValue", "The NextToken is not valid: pass back the token a previous response returned.");
  const page = max === undefined ? shown : shown.slice(offset, offset + max);
  return { instanceTypeOfferingSet: items(page), nextToken: max !== undefined && shown.length > offset + max ? String(offset + max) : undefined };
}

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
