// Resolving the key pair named at launch, team-scoped.
import type { Ctx, TxCtx } from "../context";
import { ServiceError } from "../../errors";

export async function findKeyPair(ctx: Ctx | TxCtx, name: string) {
  const key = await ctx.db.keyPair.findUnique({ where: { teamId_name: { teamId: ctx.team.id, name } } });
  if (!key) throw new ServiceError("InvalidKeyPair.NotFound", `The key pair '${name}' does not exist`, "keyName");
  return key;
}
