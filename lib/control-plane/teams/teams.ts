// Teams: an admin creates one (and becomes its admin); anyone lists their own.
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { createTeamRecords } from "./records";
import type { Db } from "../../db";

export const teamNameSchema = z.string().trim().min(2, "Team names are 2 to 64 characters.").max(64, "Team names are 2 to 64 characters.")
  .regex(/^[\p{L}\p{N} ._'-]+$/u, "Team names use letters, digits, spaces and . _ ' - only.");

export const createTeam = defineVerb({
  kind: "write",
  name: "CreateTeam",
  permission: "teams.create",
  input: z.object({ name: teamNameSchema }),
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
