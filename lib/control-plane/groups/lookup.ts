// Resolving security groups named at launch (by name or id), team-scoped.
import type { Ctx, TxCtx } from "../context";
import { ServiceError } from "../../errors";

export async function resolveGroups(ctx: Ctx | TxCtx, names: string[], ids: string[]): Promise<{ id: string; name: string }[]> {
  if (names.length === 0 && ids.length === 0) names = ["default"];
  const rows = await ctx.db.securityGroup.findMany({
    where: { teamId: ctx.team.id, OR: [{ name: { in: names } }, { id: { in: ids } }] },
    select: { id: true, name: true },
  });
  for (const n of names)
    if (!rows.some((r) => r.name === n)) throw new ServiceError("InvalidGroup.NotFound", `The security group '${n}' does not exist`, "securityGroups");
  for (const i of ids)
    if (!rows.some((r) => r.id === i)) throw new ServiceError("InvalidGroup.NotFound", `The security group '${i}' does not exist`, "securityGroups");
  return rows;
}
