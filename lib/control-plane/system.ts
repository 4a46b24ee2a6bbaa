// Contexts for the system itself (bootstrap, reconciler, CLI): explicit about
// who acts, so the audit log can say so.
import type { Clock } from "../clock";
import type { Db } from "../db";
import type { Ctx } from "./context";
import type { Role } from "../auth/roles";

export function systemCtx(db: Db, clock: Clock, team: { id: string; name: string }, label = "system", role: Role = "admin"): Ctx {
  return { actor: { kind: "system", label }, team, role, db, clock, sourceIp: "", via: "system" };
}
