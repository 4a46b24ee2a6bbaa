// First start on an empty database: a team and its admin. The password comes
// from STRATUS_ADMIN_PASSWORD or is generated and printed once to the log.
import type { Db } from "../../db";
import type { Clock } from "../../clock";
import { createTeamRecords } from "./records";
import { generatePassword, hashPassword } from "../../auth/password";
import { newUuid } from "../../ids";
import { seedDemo } from "./demo";

export async function bootstrap(db: Db, clock: Clock, print: (line: string) => void = console.log): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  const email = (process.env.STRATUS_ADMIN_EMAIL ?? "admin@stratus.local").trim().toLowerCase();
  const given = process.env.STRATUS_ADMIN_PASSWORD;
  const password = given && given.length > 0 ? given : generatePassword();
  const now = clock.now();
  const passwordHash = await hashPassword(password);
  const team = await db.$transaction(async (tx) => {
    const team = await createTeamRecords(tx, process.env.STRATUS_TEAM_NAME ?? "Default", now);
    const user = await tx.user.create({ data: { id: newUuid(), email, name: "Administrator", passwordHash, passwordChangedAt: now, createdAt: now } });
    await tx.membership.create({ data: { userId: user.id, teamId: team.id, role: "admin", createdAt: now } });
    await tx.auditEvent.create({ data: { at: now, teamId: team.id, actorLabel: "bootstrap", action: "CreateTeam", targets: team.id, result: "success", details: `first start: team ${team.name}, admin ${email}` } });
    return team;
  });
  if (given) print(`Stratus: created team "${team.name}" with admin ${email} (password from STRATUS_ADMIN_PASSWORD).`);
  else
    print(
      [
        "",
        "  ┌─ Stratus first start ─────────────────────────────────────",
        `  │ Sign in at the console as ${email}`,
        `  │ Password: ${password}`,
        "  │ (shown once; set STRATUS_ADMIN_PASSWORD to choose your own)",
        "  └───────────────────────────────────────────────────────────",
        "",
      ].join("\n"),
    );
  if (process.env.STRATUS_DEMO !== "0") await seedDemo(db, clock, team);
  return true;
}
