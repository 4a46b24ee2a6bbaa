// Resolving the key pair named at launch, team-scoped.
import { Prisma } from "../../generated/prisma/client";
import { readRows } from "../../sql/read-rows";
import type { Ctx, TxCtx } from "../context";
import { ServiceError } from "../../errors";

export async function findKeyPair(ctx: Ctx | TxCtx, name: string) {
  const [key] = await readRows<{ name: string; publicKey: string }>(ctx.db, Prisma.sql`SELECT "name", "publicKey" FROM "KeyPair" WHERE "teamId" = ${ctx.team.id} AND "name" = ${name}`);
  if (!key) throw new ServiceError("InvalidKeyPair.NotFound", `The key pair '${name}' does not exist`, "keyName");
  return key;
}
