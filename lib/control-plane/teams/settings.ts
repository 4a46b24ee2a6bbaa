// Team settings an admin changes: for now, the running-instance limit.
import { z } from "zod";
import { defineVerb } from "../verb";
import { instanceLimitSchema } from "./schemas";

export const getTeamSettings = defineVerb({
  kind: "read",
  name: "DescribeTeamSettings",
  permission: "instances.read",
  input: z.object({}),
  async run({ ctx }) {
    const team = await ctx.db.team.findUniqueOrThrow({ where: { id: ctx.team.id } });
    return { name: team.name, instanceLimit: team.instanceLimit };
  },
});

export const setInstanceLimit = defineVerb({
  kind: "write",
  name: "SetInstanceLimit",
  permission: "settings.write",
  input: instanceLimitSchema,
  async run({ ctx, input, audit }) {
    const before = await ctx.db.team.findUniqueOrThrow({ where: { id: ctx.team.id }, select: { instanceLimit: true } });
    await ctx.db.team.update({ where: { id: ctx.team.id }, data: { instanceLimit: input.instanceLimit } });
    audit.targets(ctx.team.id);
    audit.detail(`instance limit ${before.instanceLimit} → ${input.instanceLimit}`);
    return { instanceLimit: input.instanceLimit };
  },
});
