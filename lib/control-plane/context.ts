// ctx = { actor, team, role, db, clock }: who acts, for which team, and with
// what. Every verb receives one; nothing reads the team from client input.
import type { Clock } from "../clock";
import type { Db, Tx } from "../db";
import type { Role } from "../auth/roles";

export type Actor =
  | { kind: "user"; id: string; email: string }
  | { kind: "cli" }
  | { kind: "system"; label: string };

export interface Ctx {
  actor: Actor;
  team: { id: string; name: string };
  role: Role;
  db: Db;
  clock: Clock;
  /** Where the request came from, for the audit log. */
  sourceIp: string;
  /** How the call arrived (console, api, cli, system), for the audit log. */
  via: "console" | "api" | "cli" | "system";
  /** The console session making the call, when there is one. */
  sessionId?: string;
}

/** ctx inside a write: the same, with the transaction as its database. */
export type TxCtx = Omit<Ctx, "db"> & { db: Tx };

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "user":
      return actor.email;
    case "cli":
      return "cli";
    case "system":
      return actor.label;
  }
}

export function actorId(actor: Actor): string | null {
  return actor.kind === "user" ? actor.id : null;
}
