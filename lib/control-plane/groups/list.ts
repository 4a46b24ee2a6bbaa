// Reading the team's security groups.
import { z } from "zod";
import { defineVerb } from "../verb";

export const listSecurityGroupNames = defineVerb({
  kind: "read",
  name: "DescribeSecurityGroupNames",
  permission: "groups.read",
  input: z.object({}),
  async run({ ctx }) {
    return ctx.db.securityGroup.findMany({ where: { teamId: ctx.team.id }, select: { id: true, name: true }, orderBy: { name: "asc" } });
  },
});
