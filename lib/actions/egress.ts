"use server";
// Server actions for a security group's outbound rules.
import { withCtx } from "./result";
import { authorizeEgress, revokeEgress, type EgressForm } from "../control-plane/groups/egress";

export async function authorizeEgressAction(groupId: string, rules: EgressForm[]) {
  return withCtx((ctx) => authorizeEgress({ ctx, input: { groupId, rules } }));
}
export async function revokeEgressAction(groupId: string, ruleId: string) {
  return withCtx((ctx) => revokeEgress({ ctx, input: { groupId, ruleIds: [ruleId] } }));
}
