// Resolving the key pair named at launch, team-scoped.
import { Prisma } from "../../generated/prisma/client";
import { lookUp, type Lookup } from "../../sql/lookup";
import type { Ctx, TxCtx } from "../context";
import { ServiceError } from "../../errors";

export function keyPairLookup(ctx: Ctx | TxCtx, name: string): Lookup<{ name: string; publicKey: string }> {
  return {
    sql: Prisma.sql`SELECT "name", "publicKey" FROM "KeyPair" WHERE "teamId" = ${ctx.team.id} AND "name" = ${name}`,
    read(rows) {
      const key = rows[0] as { name: string; publicKey: string } | undefined;
      if (!key) throw new ServiceError("InvalidKeyPair.NotFound", `The key pair '${name}' does not exist`, "keyName");
      return key;
    },
  };
}

export const findKeyPair = (ctx: Ctx | TxCtx, name: string) => lookUp(ctx.db, keyPairLookup(ctx, name));
