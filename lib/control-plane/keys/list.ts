// Reading the team's key pair names.
import { z } from "zod";
import { defineVerb } from "../verb";

export const listKeyPairNames = defineVerb({
  kind: "read",
  name: "DescribeKeyPairNames",
  permission: "keys.read",
  input: z.object({}),
  async run({ ctx }) {
    return ctx.db.keyPair.findMany({ where: { teamId: ctx.team.id }, select: { name: true }, orderBy: { name: "asc" } });
  },
});
