"use server";
// Server actions for teams and members. The team acted on is always the
// session's; switching checks the user's own memberships.
import { withCtx } from "./result";
import { ctxFor, getSession } from "../auth/request";
import { isServiceError } from "../errors";
import { logger } from "../log";
import { createTeam, switchTeam } from "../control-plane/teams/teams";
import { changeRole, removeMember } from "../control-plane/teams/members";
import { inviteMember, revokeInvitation } from "../control-plane/teams/invitations";
import type { ActionResult } from "./result";
import type { InviteInput } from "../control-plane/teams/schemas";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";

export async function switchTeamAction(form: FormData): Promise<void> {
  const session = await getSession();
  if (!session) redirect("/sign-in");
  // A refusal (not one of the user's teams) is audited by the verb; the page stays on the current team.
  await switchTeam({ ctx: await ctxFor(session), input: { teamId: String(form.get("teamId") ?? "") } }).catch((e) => {
    if (!isServiceError(e)) logger.error({ err: e }, "team switch failed");
  });
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
