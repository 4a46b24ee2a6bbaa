"use server";
// Server actions for security groups, key pairs and Elastic IPs.
import { withCtx } from "./result";
import type { CreateKeyInput } from "../control-plane/keys/schemas";
import { createSecurityGroup, deleteSecurityGroup, authorizeIngress, revokeIngress, type RuleForm } from "../control-plane/groups/groups";
import { checkReachability } from "../control-plane/groups/reachability";
import { importKeyPair, createKeyPair, deleteKeyPair } from "../control-plane/keys/keys";
import { allocateAddress, associateAddress, disassociateAddress, releaseAddress } from "../control-plane/addresses/elastic-ips";

export async function createGroupAction(input: { name: string; description: string }) {
  return withCtx((ctx) => createSecurityGroup({ ctx, input }));
}
export async function deleteGroupAction(groupId: string) {
  return withCtx((ctx) => deleteSecurityGroup({ ctx, input: { groupId } }));
}
export async function authorizeAction(groupId: string, rules: RuleForm[]) {
  return withCtx((ctx) => authorizeIngress({ ctx, input: { groupId, rules } }));
}
export async function revokeRuleAction(groupId: string, ruleId: string) {
  return withCtx((ctx) => revokeIngress({ ctx, input: { groupId, ruleIds: [ruleId] } }));
}
export async function reachabilityAction(input: { instanceId: string; source: string; sourceValue: string; protocol: string; port: string }) {
  const source =
    input.source === "internet" ? { kind: "internet" as const } : input.source === "instance" ? { kind: "instance" as const, instanceId: input.sourceValue } : { kind: "ip" as const, ip: input.sourceValue };
  return withCtx((ctx) => checkReachability({ ctx, input: { instanceId: input.instanceId, source, protocol: input.protocol as "tcp", port: input.port as unknown as number } }));
}
export async function importKeyAction(input: { name: string; publicKey: string }) {
  return withCtx((ctx) => importKeyPair({ ctx, input }));
}
export async function createKeyAction(input: CreateKeyInput) {
  return withCtx((ctx) => createKeyPair({ ctx, input }));
}
export async function deleteKeyAction(name: string) {
  return withCtx((ctx) => deleteKeyPair({ ctx, input: { name } }));
}
export async function allocateAddressAction() {
  return withCtx((ctx) => allocateAddress({ ctx, input: {} }));
}
export async function associateAddressAction(allocationId: string, instanceId: string) {
  return withCtx((ctx) => associateAddress({ ctx, input: { allocationId, instanceId, allowReassociation: true } }));
}
export async function disassociateAddressAction(allocationId: string) {
  return withCtx((ctx) => disassociateAddress({ ctx, input: { allocationId } }));
}
export async function releaseAddressAction(allocationId: string) {
  return withCtx((ctx) => releaseAddress({ ctx, input: { allocationId } }));
}
