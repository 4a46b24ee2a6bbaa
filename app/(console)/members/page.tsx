import { requireCtx } from "@/lib/auth/request";
import { denial } from "@/lib/auth/roles";
import { listMembers } from "@/lib/control-plane/teams/members";
import { listInvitations } from "@/lib/control-plane/teams/invitations";
import { MembersView } from "@/components/team/members-view";
import { Denied } from "@/components/ui/denied";

export const metadata = { title: "Members" };

export default async function MembersPage() {
  const ctx = await requireCtx();
  const reason = denial(ctx.role, "members.read");
  if (reason) return <Denied title="Members" reason={reason} />;
  const [members, invitations] = await Promise.all([listMembers({ ctx, input: {} }), listInvitations({ ctx, input: {} })]);
  return <MembersView members={members} invitations={invitations} teamName={ctx.team.name} me={ctx.actor.kind === "user" ? ctx.actor.id : ""} />;
}
