// DNS zones and record sets, served by Stratus's authoritative DNS server
// (lib/dns/server.ts). A record set is a name, a type (A or CNAME), one TTL
// and its values; an A value is a fixed address or follows an instance, an
// Elastic IP or an instance group, so the answer moves when they do.
import { z } from "zod";
import crypto from "node:crypto";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import type { Ctx, TxCtx } from "../context";
import { isId } from "../../ids";
import { isIpv4, normaliseName, recordName, zoneName } from "./names";
import { resolveValues, type RecordValue } from "./resolve";
import { dnsSettings } from "../../dns/settings";

type AnyCtx = Ctx | TxCtx;

export const MAX_TTL = 604_800;
export const MAX_VALUES = 20;

export interface RecordSetView {
  id: string;
  name: string;
  type: "A" | "CNAME";
  ttl: number;
  values: RecordValue[];
  /** What the server answers for it now. */
  answers: string[];
  updatedAt: string;
}

export interface ZoneView {
  id: string;
  name: string;
  serial: number;
  createdAt: string;
  recordSets: number;
}

function newZoneId(): string {
  // Route 53 style: Z and upper-case letters and digits.
  return "Z" + crypto.randomBytes(12).toString("base64").replace(/[^A-Za-z0-9]/g, "").toUpperCase().slice(0, 13).padEnd(13, "0");
}

async function findZone(ctx: AnyCtx, ref: { zoneId?: string; zone?: string }) {
  if (!ref.zoneId && !ref.zone) throw new ServiceError("MissingParameter", "Name the zone.", "zone");
  const z = await ctx.db.dnsZone.findFirst({ where: { teamId: ctx.team.id, ...(ref.zoneId ? { id: ref.zoneId } : { name: normaliseName(ref.zone!) ?? "" }) } });
  if (!z) throw new ServiceError("ResourceNotFound", `The zone ${ref.zoneId ?? ref.zone} does not exist.`, "zone");
  return z;
}

const zoneRef = z.object({ zoneId: z.string().trim().optional(), zone: z.string().trim().optional() });

export const createZone = defineVerb({
  kind: "write",
  name: "CreateHostedZone",
  permission: "dns.write",
  input: z.object({ name: z.string().min(1, "Name the zone, such as example.com.") }),
  failureTargets: (i) => [i.name],
  async run({ ctx, input, audit }): Promise<ZoneView> {
    const name = zoneName(input.name);
    const taken = await ctx.db.dnsZone.findUnique({ where: { name } });
    if (taken) throw new ServiceError("AlreadyExists", taken.teamId === ctx.team.id ? `Your team already has the zone ${name}.` : `The zone ${name} is served for another team.`, "name");
    const z = await ctx.db.dnsZone.create({ data: { id: newZoneId(), teamId: ctx.team.id, name, createdAt: ctx.clock.now() } });
    audit.targets(z.id);
    audit.detail(name);
    return { id: z.id, name: z.name, serial: z.serial, createdAt: z.createdAt.toISOString(), recordSets: 0 };
  },
});

export const deleteZone = defineVerb({
  kind: "write",
  name: "DeleteHostedZone",
  permission: "dns.write",
  input: zoneRef,
  failureTargets: (i) => [i.zoneId ?? i.zone ?? ""],
  async run({ ctx, input, audit }) {
    const z = await findZone(ctx, input);
    const n = await ctx.db.dnsRecordSet.count({ where: { zoneId: z.id } });
    if (n) throw new ServiceError("DependencyViolation", `The zone ${z.name} still has ${n} record set${n === 1 ? "" : "s"}: delete them first.`, "zone");
    await ctx.db.dnsZone.delete({ where: { id: z.id } });
    audit.targets(z.id);
    audit.detail(z.name);
    return { id: z.id, name: z.name };
  },
});

export const listZones = defineVerb({
  kind: "read",
  name: "ListHostedZones",
  permission: "dns.read",
  input: z.object({}),
  async run({ ctx }): Promise<ZoneView[]> {
    const zones = await ctx.db.dnsZone.findMany({ where: { teamId: ctx.team.id }, orderBy: { name: "asc" } });
    const counts = await ctx.db.dnsRecordSet.groupBy({ by: ["zoneId"], where: { teamId: ctx.team.id }, _count: { _all: true } });
    return zones.map((z) => ({ id: z.id, name: z.name, serial: z.serial, createdAt: z.createdAt.toISOString(), recordSets: counts.find((c) => c.zoneId === z.id)?._count._all ?? 0 }));
  },
});

const valueSchema = z.object({ kind: z.enum(["ip", "instance", "eip", "group", "name"], { message: "A value is an address, an instance, an Elastic IP, an instance group or (for CNAME) a name." }), value: z.string().trim().min(1, "A value can't be empty.").max(255) });

export const putRecordSetSchema = zoneRef.extend({
  name: z.string().max(253, "A name is at most 253 characters."),
  type: z.enum(["A", "CNAME"], { message: "The type is A or CNAME." }),
  ttl: z.coerce.number({ message: "The TTL is a whole number of seconds." }).int("The TTL is a whole number of seconds.").min(0, "The TTL can't be negative.").max(MAX_TTL, `The TTL is at most ${MAX_TTL.toLocaleString("en-US")} seconds (a week).`),
  values: z.array(valueSchema).min(1, "Give at least one value.").max(MAX_VALUES, `At most ${MAX_VALUES} values.`),
});

/** Checks each value against its kind and the team's resources; returns them normalised. */
async function checkValues(ctx: TxCtx, type: "A" | "CNAME", values: RecordValue[]): Promise<RecordValue[]> {
  if (type === "CNAME") {
    if (values.length !== 1 || values[0].kind !== "name") throw new ServiceError("InvalidParameterValue", "A CNAME record has exactly one value: a host name.", "values");
    const n = normaliseName(values[0].value);
    if (!n) throw new ServiceError("InvalidParameterValue", `"${values[0].value}" is not a host name.`, "values");
    return [{ kind: "name", value: n }];
  }
  const out: RecordValue[] = [];
  for (const v of values) {
    if (v.kind === "name") throw new ServiceError("InvalidParameterValue", "An A record's values are addresses, instances, Elastic IPs or instance groups, not names (use CNAME).", "values");
    if (v.kind === "ip" && !isIpv4(v.value)) throw new ServiceError("InvalidParameterValue", `"${v.value}" is not an IPv4 address.`, "values");
    if (v.kind === "instance") {
      if (!isId("i", v.value)) throw new ServiceError("InvalidInstanceID.Malformed", `Invalid id: "${v.value}" (expecting "i-…")`, "values");
      if (!(await ctx.db.instance.findFirst({ where: { id: v.value, teamId: ctx.team.id }, select: { id: true } })))
        throw new ServiceError("InvalidInstanceID.NotFound", `The instance ID '${v.value}' does not exist`, "values");
    }
    if (v.kind === "eip" && !(await ctx.db.elasticIp.findFirst({ where: { id: v.value, teamId: ctx.team.id, releasedAt: null }, select: { id: true } })))
      throw new ServiceError("InvalidAllocationID.NotFound", `The allocation ID '${v.value}' does not exist`, "values");
    if (v.kind === "group" && !(await ctx.db.scalingGroup.findFirst({ where: { name: v.value, teamId: ctx.team.id }, select: { id: true } })))
      throw new ServiceError("ResourceNotFound", `The instance group ${v.value} does not exist.`, "values");
    if (!out.some((o) => o.kind === v.kind && o.value === v.value)) out.push(v);
  }
  return out;
}

export const putRecordSet = defineVerb({
  kind: "write",
  name: "ChangeResourceRecordSets",
  permission: "dns.write",
  input: putRecordSetSchema,
  failureTargets: (i) => [i.zoneId ?? i.zone ?? ""],
  async run({ ctx, input, audit }): Promise<RecordSetView> {
    const zone = await findZone(ctx, input);
    const name = recordName(input.name, zone.name);
    if (input.type === "CNAME" && name === zone.name) throw new ServiceError("InvalidParameterValue", "A CNAME can't be at the zone's apex (RFC 1034): use an A record there.", "name");
    const values = await checkValues(ctx, input.type, input.values);
    const others = await ctx.db.dnsRecordSet.findMany({ where: { zoneId: zone.id, name, NOT: { type: input.type } }, select: { type: true } });
    if (others.length) throw new ServiceError("InvalidParameterValue", `${name} already has ${others[0].type} records: a CNAME can't share its name with other records (RFC 1034).`, "name");
    const now = ctx.clock.now();
    const row = await ctx.db.dnsRecordSet.upsert({
      where: { zoneId_name_type: { zoneId: zone.id, name, type: input.type } },
      create: { id: crypto.randomUUID(), zoneId: zone.id, teamId: ctx.team.id, name, type: input.type, ttl: input.ttl, values: JSON.stringify(values), createdAt: now, updatedAt: now },
      update: { ttl: input.ttl, values: JSON.stringify(values), updatedAt: now },
    });
    await ctx.db.dnsZone.update({ where: { id: zone.id }, data: { serial: { increment: 1 } } });
    audit.targets(zone.id, row.id);
    audit.detail(`${name} ${input.type} ${input.ttl} → ${values.map((v) => (v.kind === "ip" || v.kind === "name" ? v.value : `${v.kind}:${v.value}`)).join(", ")}`);
    return { id: row.id, name, type: input.type, ttl: input.ttl, values, answers: await resolveValues(ctx.db, ctx.team.id, values), updatedAt: now.toISOString() };
  },
});

export const deleteRecordSet = defineVerb({
  kind: "write",
  name: "DeleteResourceRecordSet",
  permission: "dns.write",
  input: zoneRef.extend({ recordSetId: z.string().min(1, "Name the record set.") }),
  failureTargets: (i) => [i.recordSetId],
  async run({ ctx, input, audit }) {
    const zone = await findZone(ctx, input);
    const row = await ctx.db.dnsRecordSet.findFirst({ where: { id: input.recordSetId, zoneId: zone.id, teamId: ctx.team.id } });
    if (!row) throw new ServiceError("ResourceNotFound", "That record set does not exist.", "recordSetId");
    await ctx.db.dnsRecordSet.delete({ where: { id: row.id } });
    await ctx.db.dnsZone.update({ where: { id: zone.id }, data: { serial: { increment: 1 } } });
    audit.targets(zone.id, row.id);
    audit.detail(`${row.name} ${row.type}`);
    return { id: row.id, name: row.name, type: row.type };
  },
});

export const listRecordSets = defineVerb({
  kind: "read",
  name: "ListResourceRecordSets",
  permission: "dns.read",
  input: zoneRef,
  async run({ ctx, input }) {
    const zone = await findZone(ctx, input);
    const rows = await ctx.db.dnsRecordSet.findMany({ where: { zoneId: zone.id }, orderBy: [{ name: "asc" }, { type: "asc" }] });
    const sets: RecordSetView[] = [];
    for (const r of rows) {
      const values = JSON.parse(r.values) as RecordValue[];
      sets.push({ id: r.id, name: r.name, type: r.type as "A" | "CNAME", ttl: r.ttl, values, answers: await resolveValues(ctx.db, ctx.team.id, values), updatedAt: r.updatedAt.toISOString() });
    }
    const server = dnsSettings();
    return { zone: { id: zone.id, name: zone.name, serial: zone.serial }, recordSets: sets, server: server.port ? { address: server.bind, port: server.port } : null };
  },
});
