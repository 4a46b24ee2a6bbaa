// Everything the launch form and the instance filters offer, in one read.
import type { Ctx } from "../context";
import { listImages } from "../catalog/images";
import { listInstanceTypes } from "../catalog/types";
import { listSecurityGroupNames } from "../groups/list";
import { listKeyPairNames } from "../keys/list";
import { tagFacets } from "../tags/tags";
import { AVAILABILITY_ZONES } from "../catalog/seed-data";
import { allows } from "../../auth/roles";

export interface LaunchOptions {
  images: { id: string; name: string; architecture: string; rootDeviceType: string; ownerAlias: string; provider: string; unavailable: { reason: string; fix: string } | null }[];
  types: { name: string; architecture: string; hourlyUsd: string | null; memoryGb: string; ecu: number; vcpus: number; ecuPerCore: number }[];
  keyPairs: { name: string }[];
  groups: { id: string; name: string }[];
  zones: string[];
  tagKeys: string[];
}

export async function launchOptions(ctx: Ctx): Promise<LaunchOptions> {
  const [images, types, groups, keyPairs, facets] = await Promise.all([
    listImages({ ctx, input: {} }),
    listInstanceTypes({ ctx, input: {} }),
    allows(ctx.role, "groups.read") ? listSecurityGroupNames({ ctx, input: {} }) : [],
    allows(ctx.role, "keys.read") ? listKeyPairNames({ ctx, input: {} }) : [],
    tagFacets({ ctx, input: {} }),
  ]);
  return {
    images: images.map((i) => ({ id: i.id, name: i.name, architecture: i.architecture, rootDeviceType: i.rootDeviceType, ownerAlias: i.ownerAlias, provider: i.provider, unavailable: i.unavailable })),
    types: types.map((t) => ({ name: t.name, architecture: t.architecture, hourlyUsd: t.hourlyUsd, memoryGb: t.memoryGb, ecu: t.ecu, vcpus: t.vcpus, ecuPerCore: t.ecuPerCore })),
    groups,
    keyPairs,
    zones: [...AVAILABILITY_ZONES],
    tagKeys: [...new Set(facets.map((f) => f.key))],
  };
}
