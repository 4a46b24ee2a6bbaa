// Audit records, and the one write path for changes that are not a service
// verb's (signing in and out, sessions, invitations, the team switch, budget
// alerts, first start): the change and its audit record commit together, or
// neither does. A verb (lib/control-plane/verb.ts) writes its record inside
// its own transaction; a refused or failed attempt writes one afterwards, on
// its own.
import type { Db, Tx } from "../db";
import { Prisma } from "../generated/prisma/client";
import { execSql, transaction } from "../sql/read-rows";
import type { Ctx, TxCtx } from "./context";
import { actorId, actorLabel } from "./context";

export interface AuditEntry {
  action: string;
  targets?: string[];
  result?: string;
  details?: string;
}

/** Who a record is by, where from, for which team's log, and when. */
export interface AuditAuthor {
  at: Date;
  teamId: string | null;
  actorId: string | null;
  actorLabel: string;
  sourceIp: string;
}

export function authorOf(ctx: Omit<Ctx, "db"> | TxCtx): AuditAuthor {
  return { at: ctx.clock.now(), teamId: ctx.team.id || null, actorId: actorId(ctx.actor), actorLabel: actorLabel(ctx.actor), sourceIp: ctx.sourceIp };
}

/** The INSERT of one audit record. */
export function auditSql(who: AuditAuthor, entry: AuditEntry): Prisma.Sql {
  const targets = (entry.targets ?? []).slice(0, 50).join(" ") + ((entry.targets?.length ?? 0) > 50 ? ` (+${entry.targets!.length - 50} more)` : "");
  return Prisma.sql`INSERT INTO "AuditEvent" ("at", "teamId", "actorId", "actorLabel", "action", "targets", "sourceIp", "result", "details")
      VALUES (${who.at}, ${who.teamId}, ${who.actorId}, ${who.actorLabel.slice(0, 320)}, ${entry.action}, ${targets}, ${who.sourceIp.slice(0, 64)}, ${entry.result ?? "success"}, ${(entry.details ?? "").slice(0, 2000)})`;
}

export async function insertAudit(db: Tx, who: AuditAuthor, entry: AuditEntry): Promise<void> {
  // Plain SQL: every change writes one, so it is on every write's hot path.
  await execSql(db, auditSql(who, entry));
}

/** Records a change's audit entries; `to` sends one to another team's log too (a team switch is in both). */
export type Audit = (entry: AuditEntry, to?: Partial<AuditAuthor>) => void;

/**
 * A change outside the verbs, with its audit records, in one transaction.
 * `run` must record at least one entry: an unaudited change through here is a bug.
 * Keep slow work (password hashing) out of `run`: the transaction holds the
 * database's one writer.
 */
export async function auditedWrite<R>(db: Db, author: AuditAuthor, run: (tx: Tx, audit: Audit) => Promise<R>): Promise<R> {
  return transaction(db, async (tx) => {
    const entries: [AuditEntry, Partial<AuditAuthor> | undefined][] = [];
    const result = await run(tx, (entry, to) => void entries.push([entry, to]));
    if (entries.length === 0) throw new Error("auditedWrite: the change recorded no audit entry");
    for (const [entry, to] of entries) await insertAudit(tx, { ...author, ...to }, entry);
    return result;
  });
}

/** An attempt that changed nothing (a refusal, a failed sign-in): its record alone, one statement. */
export function auditAttempt(db: Db, author: AuditAuthor, entry: AuditEntry): Promise<void> {
  return insertAudit(db, author, entry);
}

/**
 * Bookkeeping no person asked for and no one reviews: the simulated clock's
 * persisted time (every 2 s), a session's last-seen time, purging an expired
 * session. Serialised and transactional like every write, but not audited: a
 * record per tick would bury the changes people made.
 */
export function housekeeping<R>(db: Db, run: (tx: Tx) => Promise<R>): Promise<R> {
  return transaction(db, run);
}
