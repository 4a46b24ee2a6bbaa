// DescribeSecurityGroupRules: every rule of the team's groups, inbound and
// outbound, each with its id (sgr-…), as EC2 lists them.
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { egressRules } from "./egress";
import { shortLists } from "../../sql/in-list";

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
    // A long list of ids is matched here, not in Prisma's query (lib/sql/in-list.ts).
    const short = shortLists(input.groupIds);
    const all = await ctx.db.securityGroup.findMany({ where: { teamId: ctx.team.id, ...(input.groupIds.length && short ? { id: { in: input.groupIds } } : {}) }, select: { id: true }, orderBy: { createdAt: "asc" } });
    const asked = new Set(input.groupIds);
    const groups = input.groupIds.length && !short ? all.filter((g) => asked.has(g.id)) : all;
    const found = new Set(groups.map((g) => g.id));
    for (const id of input.groupIds) if (!found.has(id)) throw new ServiceError("InvalidGroup.NotFound", `The security group '${id}' does not exist`, "groupIds");
    const ids = [...found];
    const [teamRules, egress] = await Promise.all([ctx.db.securityGroupRule.findMany({ where: { teamId: ctx.team.id }, orderBy: { createdAt: "asc" } }), egressRules(ctx, ids)]);
    const ingress = input.groupIds.length ? teamRules.filter((r) => found.has(r.groupId)) : teamRules;
    const rules: SecurityGroupRuleView[] = [
      ...ingress.map((r) => ({ id: r.id, groupId: r.groupId, isEgress: false, protocol: r.protocol, fromPort: r.fromPort, toPort: r.toPort, cidr: r.cidr, peerGroupId: r.sourceGroupId, description: r.description })),
      ...egress.map((r) => ({ id: r.id, groupId: r.groupId, isEgress: true, protocol: r.protocol, fromPort: r.fromPort, toPort: r.toPort, cidr: r.cidr, peerGroupId: r.sourceGroupId, description: r.description })),
    ];
    const ruleIds = new Set(rules.map((r) => r.id));
    for (const id of input.ruleIds) if (!ruleIds.has(id)) throw new ServiceError("InvalidSecurityGroupRuleId.NotFound", `The security group rule ID '${id}' does not exist`, "ruleIds");
    const wanted = new Set(input.ruleIds);
    return input.ruleIds.length ? rules.filter((r) => wanted.has(r.id)) : rules;
  },
});
