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

/** Moves the caller's console session to another of their teams; audited in both teams' logs. */
export const switchTeam = defineVerb({
  kind: "write",
  name: "SwitchTeam",
  permission: "self.manage",
  input: z.object({ teamId: z.string().min(1, "Choose a team.").max(64) }),
  failureTargets: (i) => [i.teamId],
  async run({ ctx, input, audit }) {
    if (ctx.actor.kind !== "user" || !ctx.sessionId) throw new ServiceError("UnauthorizedOperation", "Only a person signed in to the console switches teams.");
    // The id only selects among the caller's own teams: another team is indistinguishable from none.
    const m = await ctx.db.membership.findUnique({ where: { userId_teamId: { userId: ctx.actor.id, teamId: input.teamId } }, include: { team: { select: { id: true, name: true } } } });
    if (!m) throw new ServiceError("ResourceNotFound", "You are not a member of that team.", "teamId");
    await ctx.db.session.update({ where: { id: ctx.sessionId }, data: { teamId: m.teamId } });
    audit.targets(ctx.team.id, m.teamId);
    audit.detail(`${ctx.team.name} → ${m.team.name} (as ${m.role})`);
    if (m.teamId !== ctx.team.id) audit.alsoIn(m.teamId);
    return { teamId: m.teamId, name: m.team.name, role: m.role };
  },
});

/** The teams a user belongs to, with their role in each (for the team switcher). */
export async function teamsOf(db: Db, userId: string) {
  const rows = await db.membership.findMany({ where: { userId }, include: { team: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } });
  return rows.map((m) => ({ id: m.team.id, name: m.team.name, role: m.role }));
}
