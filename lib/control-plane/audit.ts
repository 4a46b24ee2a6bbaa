// Audit records. A change writes its record inside its own transaction; a
// refused or failed attempt writes one afterwards, on its own.
import type { Tx } from "../db";
import { Prisma } from "../generated/prisma/client";
import { execSql } from "../sql/read-rows";
import type { Ctx, TxCtx } from "./context";
import { actorId, actorLabel } from "./context";

export interface AuditEntry {
  action: string;
  targets?: string[];
  result?: string;
  details?: string;
}

export async function writeAudit(db: Tx, ctx: Omit<Ctx, "db"> | TxCtx, entry: AuditEntry): Promise<void> {
  const targets = (entry.targets ?? []).slice(0, 50).join(" ") + ((entry.targets?.length ?? 0) > 50 ? ` (+${entry.targets!.length - 50} more)` : "");
  // Plain SQL: every change writes one, so it is on every write's hot path.
  await execSql(
    db,
    Prisma.sql`INSERT INTO "AuditEvent" ("at", "teamId", "actorId", "actorLabel", "action", "targets", "sourceIp", "result", "details")
      VALUES (${ctx.clock.now()}, ${ctx.team.id || null}, ${actorId(ctx.actor)}, ${actorLabel(ctx.actor)}, ${entry.action}, ${targets}, ${ctx.sourceIp}, ${entry.result ?? "success"}, ${(entry.details ?? "").slice(0, 2000)})`,
  );
}
