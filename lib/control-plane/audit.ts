// Audit records. A change writes its record inside its own transaction; a
// refused or failed attempt writes one afterwards, on its own.
import type { Tx } from "../db";
import type { Ctx, TxCtx } from "./context";
import { actorId, actorLabel } from "./context";

export interface AuditEntry {
  action: string;
  targets?: string[];
  result?: string;
  details?: string;
}

export async function writeAudit(db: Tx, ctx: Omit<Ctx, "db"> | TxCtx, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      at: ctx.clock.now(),
      teamId: ctx.team.id || null,
      actorId: actorId(ctx.actor),
      actorLabel: actorLabel(ctx.actor),
      action: entry.action,
      targets: (entry.targets ?? []).slice(0, 50).join(" ") + ((entry.targets?.length ?? 0) > 50 ? ` (+${entry.targets!.length - 50} more)` : ""),
      sourceIp: ctx.sourceIp,
      result: entry.result ?? "success",
      details: (entry.details ?? "").slice(0, 2000),
    },
  });
}
