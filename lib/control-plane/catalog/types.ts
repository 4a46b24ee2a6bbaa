// Instance types: the built-in three for everyone, plus types a team's admin adds.
import { Prisma } from "../../generated/prisma/client";
import { lookUp, type Lookup } from "../../sql/lookup";
import { z } from "zod";
import { shortLists } from "../../sql/in-list";
import { defineVerb } from "../verb";
import { addInstanceTypeSchema } from "./schemas";
import { ServiceError } from "../../errors";
import { currentHourly } from "../../billing/price-book";
import { parseDollars, toDecimal } from "../../money";
import type { Ctx, TxCtx } from "../context";

export interface InstanceTypeView {
  name: string;
  memoryMiB: number;
  memoryGb: string;
  vcpus: number;
  ecuPerCore: number;
  ecu: number;
  storageGb: number;
  architecture: string;
  platform: string;
  hourlyUsd: string | null;
  builtIn: boolean;
}

export const visibleTypes = (teamId: string) => ({ OR: [{ ownerTeamId: null }, { ownerTeamId: teamId }] });

export function memoryGb(mib: number): string {
  return (Math.round((mib / 1024) * 10) / 10).toString();
}

export function typeLookup(ctx: Ctx | TxCtx, name: string): Lookup<{ name: string; architecture: string }> {
  return {
    sql: Prisma.sql`SELECT "name", "architecture" FROM "InstanceType" WHERE "name" = ${name} AND ("ownerTeamId" IS NULL OR "ownerTeamId" = ${ctx.team.id}) LIMIT 1`,
    read(rows) {
      const t = rows[0] as { name: string; architecture: string } | undefined;
      if (!t) throw new ServiceError("InvalidParameterValue", `Invalid value '${name}' for InstanceType: no such instance type.`, "instanceType");
      return t;
    },
  };
}

export const findType = (ctx: Ctx | TxCtx, name: string) => lookUp(ctx.db, typeLookup(ctx, name));

export const listInstanceTypes = defineVerb({
  kind: "read",
  name: "DescribeInstanceTypes",
  permission: "instances.read",
  input: z.object({ names: z.array(z.string()).optional() }),
  async run({ ctx, input }) {
    const [rows, prices] = await Promise.all([
      ctx.db.instanceType.findMany({ where: { ...visibleTypes(ctx.team.id), ...(input.names?.length && shortLists(input.names) ? { name: { in: input.names } } : {}) } }),
      currentHourly(ctx.db, ctx.team.id, ctx.clock.now()),
    ]);
    const asked = new Set(input.names ?? []);
    return rows
      .filter((t) => asked.size === 0 || asked.has(t.name))
      .map((t): InstanceTypeView => {
        const price = prices.get(t.name);
        return {
          name: t.name, memoryMiB: t.memoryMiB, memoryGb: memoryGb(t.memoryMiB), vcpus: t.vcpus, ecuPerCore: t.ecuPerCore,
          ecu: t.vcpus * t.ecuPerCore, storageGb: t.storageGb, architecture: t.architecture,
          platform: t.architecture === "i386" ? "32-bit" : "64-bit", hourlyUsd: price === undefined ? null : toDecimal(price), builtIn: t.ownerTeamId === null,
        };
      })
      .sort((a, b) => a.ecu - b.ecu || a.memoryMiB - b.memoryMiB || a.name.localeCompare(b.name));
  },
});

export const addInstanceType = defineVerb({
  kind: "write",
  name: "AddInstanceType",
  permission: "types.write",
  input: addInstanceTypeSchema,
  async run({ ctx, input, audit }) {
    const clash = await ctx.db.instanceType.findFirst({ where: { name: input.name, ...visibleTypes(ctx.team.id) } });
    if (clash) throw new ServiceError("InvalidParameterValue", `An instance type named ${input.name} already exists.`, "name");
    const now = ctx.clock.now();
    await ctx.db.instanceType.create({
      data: {
        id: `${ctx.team.id}:${input.name}`, name: input.name, ownerTeamId: ctx.team.id, memoryMiB: input.memoryMiB, vcpus: input.vcpus,
        ecuPerCore: input.ecuPerCore, storageGb: input.storageGb, architecture: input.architecture, createdAt: now,
      },
    });
    await ctx.db.rate.create({
      data: { teamId: ctx.team.id, kind: "instance-hour", key: input.name, micros: parseDollars(input.hourlyUsd)!, effectiveFrom: now, createdAt: now, createdById: ctx.actor.kind === "user" ? ctx.actor.id : null },
    });
    audit.targets(input.name);
    audit.detail(`${input.vcpus} cores × ${input.ecuPerCore} ECU, ${input.memoryMiB} MiB, ${input.architecture}, $${input.hourlyUsd}/h`);
    return { name: input.name };
  },
});
