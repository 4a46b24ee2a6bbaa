"use server";
// Server actions for teams and members. The team acted on is always the
// session's; switching checks the user's own memberships.
import { withCtx } from "./result";
import { getSession } from "../auth/request";
import { runtime } from "../runtime";
import { createTeam, teamsOf } from "../control-plane/teams/teams";
import { changeRole, removeMember } from "../control-plane/teams/members";
import { inviteMember, revokeInvitation } from "../control-plane/teams/invitations";
import type { ActionResult } from "./result";
import type { InviteInput } from "../control-plane/teams/schemas";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";

export async function switchTeamAction(form: FormData): Promise<void> {
  const session = await getSession();
  if (!session) redirect("/sign-in");
  const teamId = String(form.get("teamId") ?? "");
  const { db } = await runtime();
  // The id from the form only selects among the user's own teams.
  const mine = await teamsOf(db, session.user.id);
  if (mine.some((t) => t.id === teamId)) await db.session.update({ where: { id: session.sessionId }, data: { teamId } });
  // Everything on screen belonged to the other team: drop every cached segment.
  revalidatePath("/", "layout");
  redirect("/instances");
}

export async function createTeamAction(input: { name: string }): Promise<ActionResult<{ id: string; name: string }>> {
  return withCtx((ctx) => createTeam({ ctx, input }));
}

export async function inviteAction(input: InviteInput) {
  return withCtx((ctx) => inviteMember({ ctx, input }));
}

export async function revokeInvitationAction(id: string) {
  return withCtx((ctx) => revokeInvitation({ ctx, input: { id } }));
}

export async function changeRoleAction(userId: string, role: string) {
  return withCtx((ctx) => changeRole({ ctx, input: { userId, role: role as "viewer" } }));
}

export async function removeMemberAction(userId: string) {
  return withCtx((ctx) => removeMember({ ctx, input: { userId } }));
}
