// First start on an empty database: a team and its admin. The password comes
// from STRATUS_ADMIN_PASSWORD or is generated and printed once to the log.
import type { Db } from "../../db";
import type { Clock } from "../../clock";
import { createTeamRecords } from "./records";
import { generatePassword, hashPassword } from "../../auth/password";
import { newUuid } from "../../ids";
import { seedDemo } from "./demo";
import { createAccessKey } from "../identity/access-keys";
import { systemCtx } from "../system";
import { auditedWrite } from "../audit";

class AlreadyBootstrapped extends Error {}

export async function bootstrap(db: Db, clock: Clock, print: (line: string) => void = console.log): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  const email = (process.env.STRATUS_ADMIN_EMAIL ?? "admin@stratus.local").trim().toLowerCase();
  const given = process.env.STRATUS_ADMIN_PASSWORD;
  const password = given && given.length > 0 ? given : generatePassword();
  const now = clock.now();
  const passwordHash = await hashPassword(password);
  const made = await auditedWrite(db, { at: now, teamId: null, actorId: null, actorLabel: "bootstrap", sourceIp: "" }, async (tx, audit) => {
    // Replicas starting together on an empty database: the first one here makes the admin.
    if ((await tx.user.count()) > 0) throw new AlreadyBootstrapped();
    const team = await createTeamRecords(tx, process.env.STRATUS_TEAM_NAME ?? "Default", now);
    const user = await tx.user.create({ data: { id: newUuid(), email, name: "Administrator", passwordHash, passwordChangedAt: now, createdAt: now } });
    await tx.membership.create({ data: { userId: user.id, teamId: team.id, role: "admin", createdAt: now } });
    audit({ action: "CreateTeam", targets: [team.id], details: `first start: team ${team.name}, admin ${email}` }, { teamId: team.id });
    return { team, userId: user.id };
  }).catch((e: unknown) => {
    if (e instanceof AlreadyBootstrapped) return null;
    throw e;
  });
  if (!made) return false;
  const { team, userId } = made;
  const keyId = process.env.STRATUS_ADMIN_ACCESS_KEY_ID;
  const keySecret = process.env.STRATUS_ADMIN_SECRET_ACCESS_KEY;
  if (keyId && keySecret) {
    await createAccessKey({ ctx: systemCtx(db, clock, team, "bootstrap"), input: { userId, description: "bootstrap admin key", preset: { accessKeyId: keyId, secretAccessKey: keySecret } } });
    print(`Stratus: access key ${keyId} created for ${email} (from STRATUS_ADMIN_ACCESS_KEY_ID).`);
  } else if (keyId || keySecret) print("Stratus: set both STRATUS_ADMIN_ACCESS_KEY_ID and STRATUS_ADMIN_SECRET_ACCESS_KEY to create the admin's access key; neither was used.");
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
