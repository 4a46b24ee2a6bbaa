// Teams: an admin creates one (and becomes its admin); anyone lists their own.
import { z } from "zod";
import { defineVerb } from "../verb";
import { teamNameSchema, createTeamSchema } from "./schemas";
import { ServiceError } from "../../errors";
import { createTeamRecords } from "./records";
import type { Db } from "../../db";

export { teamNameSchema };

export const createTeam = defineVerb({
  kind: "write",
  name: "CreateTeam",
  permission: "teams.create",
  input: createTeamSchema,
  failureTargets: (i) => [i.name],
  async run({ ctx, input, audit }) {
    if (await ctx.db.team.findUnique({ where: { name: input.name } })) throw new ServiceError("InvalidParameterValue", `A team named "${input.name}" already exists.`, "name");
    const team = await createTeamRecords(ctx.db, input.name, ctx.clock.now());
    if (ctx.actor.kind === "user") await ctx.db.membership.create({ data: { userId: ctx.actor.id, teamId: team.id, role: "admin", createdAt: ctx.clock.now() } });
    audit.targets(team.id);
    audit.detail(`team ${team.name}`);
    return team;
  },
});

/** The teams a user belongs to, with their role in each (for the team switcher). */
export async function teamsOf(db: Db, userId: string) {
  const rows = await db.membership.findMany({ where: { userId }, include: { team: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } });
  return rows.map((m) => ({ id: m.team.id, name: m.team.name, role: m.role }));
}
