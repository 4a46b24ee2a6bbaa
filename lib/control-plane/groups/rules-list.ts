// DescribeSecurityGroupRules: every rule of the team's groups, inbound and
// outbound, each with its id (sgr-…), as EC2 lists them.
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { egressRules } from "./egress";

export interface SecurityGroupRuleView {
  id: string;
  groupId: string;
  isEgress: boolean;
  protocol: string;
  fromPort: number;
  toPort: number;
  cidr: string | null;
  /** The source group (inbound) or destination group (outbound). */
  peerGroupId: string | null;
  description: string;
}

export const describeSecurityGroupRules = defineVerb({
  kind: "read",
  name: "DescribeSecurityGroupRules",
  permission: "groups.read",
  input: z.object({ ruleIds: z.array(z.string()).default([]), groupIds: z.array(z.string()).default([]) }),
  async run({ ctx, input }): Promise<SecurityGroupRuleView[]> {
    const groups = await ctx.db.securityGroup.findMany({ where: { teamId: ctx.team.id, ...(input.groupIds.length ? { id: { in: input.groupIds } } : {}) }, select: { id: true }, orderBy: { createdAt: "asc" } });
    for (const id of input.groupIds) if (!groups.some((g) => g.id === id)) throw new ServiceError("InvalidGroup.NotFound", `The security group '${id}' does not exist`, "groupIds");
    const ids = groups.map((g) => g.id);
    const [ingress, egress] = await Promise.all([ctx.db.securityGroupRule.findMany({ where: { teamId: ctx.team.id, groupId: { in: ids } }, orderBy: { createdAt: "asc" } }), egressRules(ctx, ids)]);
    const rules: SecurityGroupRuleView[] = [
      ...ingress.map((r) => ({ id: r.id, groupId: r.groupId, isEgress: false, protocol: r.protocol, fromPort: r.fromPort, toPort: r.toPort, cidr: r.cidr, peerGroupId: r.sourceGroupId, description: r.description })),
      ...egress.map((r) => ({ id: r.id, groupId: r.groupId, isEgress: true, protocol: r.protocol, fromPort: r.fromPort, toPort: r.toPort, cidr: r.cidr, peerGroupId: r.sourceGroupId, description: r.description })),
    ];
    for (const id of input.ruleIds) if (!rules.some((r) => r.id === id)) throw new ServiceError("InvalidSecurityGroupRuleId.NotFound", `The security group rule ID '${id}' does not exist`, "ruleIds");
    return input.ruleIds.length ? rules.filter((r) => input.ruleIds.includes(r.id)) : rules;
  },
});
