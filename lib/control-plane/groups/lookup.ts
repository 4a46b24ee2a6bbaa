// Resolving security groups named at launch (by name or id), team-scoped.
import { Prisma } from "../../generated/prisma/client";
import { lookUp, type Lookup } from "../../sql/lookup";
import { inList } from "../../sql/in-list";
import type { Ctx, TxCtx } from "../context";
import { ServiceError } from "../../errors";

export function groupsLookup(ctx: Ctx | TxCtx, names: string[], ids: string[]): Lookup<{ id: string; name: string }[]> {
  if (names.length === 0 && ids.length === 0) names = ["default"];
  return {
    sql: Prisma.sql`SELECT "id", "name" FROM "SecurityGroup" WHERE "teamId" = ${ctx.team.id} AND (${inList(Prisma.sql`"name"`, names)} OR ${inList(Prisma.sql`"id"`, ids)})`,
    read(found) {
      const rows = found as { id: string; name: string }[];
      for (const n of names)
        if (!rows.some((r) => r.name === n)) throw new ServiceError("InvalidGroup.NotFound", `The security group '${n}' does not exist`, "securityGroups");
      for (const i of ids)
        if (!rows.some((r) => r.id === i)) throw new ServiceError("InvalidGroup.NotFound", `The security group '${i}' does not exist`, "securityGroups");
      return rows;
    },
  };
}

export const resolveGroups = (ctx: Ctx | TxCtx, names: string[], ids: string[]) => lookUp(ctx.db, groupsLookup(ctx, names, ids));
