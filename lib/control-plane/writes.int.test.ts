// The writes that used to go around the verbs (team switch, invitations,
// budget alerts, the clock) go through the one audited write path, and none
// of them can vanish with another request's rolled-back transaction.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../testing/db";
import { addMember } from "./teams/members";
import { createTeam, switchTeam } from "./teams/teams";
import { inviteMember, acceptInvitation } from "./teams/invitations";
import { changePassword } from "./identity/password";
import { signIn } from "./identity/sign-in";
import { readSession } from "../auth/sessions";
import { createBudget, checkBudgets } from "./costs/budgets";
import { launchInstances } from "./instances/launch";
import { auditedWrite, housekeeping } from "./audit";
import type { Ctx } from "./context";

let w: TestWorld;
let admin: Ctx;
beforeEach(async () => {
  w = await testWorld();
  const a = await addMember({ ctx: { ...w.ctx(), actor: { kind: "cli" } }, input: { email: "boss@acme.test", role: "admin", password: "boss-password-1" } });
  admin = { ...w.ctx(), actor: { kind: "user", id: a.userId, email: a.email } };
});
afterEach(() => w.close());

describe("the audited write path", () => {
  it("switching team is audited in both teams' logs; a team one isn't in is refused, audited, and changes nothing", async () => {
    const other = await createTeam({ ctx: admin, input: { name: "Globex" } });
    const s = await signIn(w.db, { email: "boss@acme.test", password: "boss-password-1", ip: "192.0.2.8", teamId: w.team.id });
    const ctx: Ctx = { ...admin, sessionId: (await readSession(w.db, s.token))!.sessionId, sourceIp: "192.0.2.8" };
    await switchTeam({ ctx, input: { teamId: other.id } });
    expect((await readSession(w.db, s.token))?.team.id).toBe(other.id);
    for (const teamId of [w.team.id, other.id]) {
      const rec = await w.db.auditEvent.findFirstOrThrow({ where: { teamId, action: "SwitchTeam" } });
      expect(rec).toMatchObject({ result: "success", actorId: s.userId, sourceIp: "192.0.2.8", details: "Acme → Globex (as admin)" });
    }
    const stranger = await w.addTeam("Initech");
    await expect(switchTeam({ ctx: { ...ctx, team: other }, input: { teamId: stranger.id } })).rejects.toMatchObject({ code: "ResourceNotFound" });
    expect((await readSession(w.db, s.token))?.team.id).toBe(other.id);
    expect(await w.db.auditEvent.findFirst({ where: { action: "SwitchTeam", result: "ResourceNotFound", targets: stranger.id } })).not.toBeNull();
  });

  it("accepting an invitation joins, signs in and audits in one transaction", async () => {
    const inv = await inviteMember({ ctx: admin, input: { email: "new@acme.test", role: "viewer" } });
    const joined = await acceptInvitation(w.db, { token: inv.path.replace("/invite/", ""), password: "a-good-password", ip: "198.51.100.3" });
    expect((await readSession(w.db, joined.token))?.user.email).toBe("new@acme.test");
    expect(await w.db.auditEvent.findFirst({ where: { action: "AcceptInvitation", actorId: joined.userId, sourceIp: "198.51.100.3", teamId: w.team.id } })).not.toBeNull();
  });

  it("a budget alert and its record are written together", async () => {
    await createBudget({ ctx: admin, input: { name: "tiny", amountUsd: "0.01" } });
    await launchInstances({ ctx: admin, input: { imageId: "ami-f937d290", minCount: 2 } });
    w.clock.advance(3 * 3600);
    expect(await checkBudgets(w.db, w.clock)).toBeGreaterThan(0);
    const alerts = await w.db.budgetAlert.count();
    expect(await w.db.auditEvent.count({ where: { action: "BudgetAlert", actorLabel: "budgets" } })).toBe(alerts);
  });

  it("refuses a change that records nothing, and keeps none of it", async () => {
    await expect(auditedWrite(w.db, { at: new Date(), teamId: w.team.id, actorId: null, actorLabel: "test", sourceIp: "" }, async (tx) => tx.setting.create({ data: { key: "unaudited", value: "x" } }))).rejects.toThrow(
      /no audit entry/,
    );
    expect(await w.db.setting.findUnique({ where: { key: "unaudited" } })).toBeNull();
  });

  it("a refused password change no longer erases a clock save made meanwhile", async () => {
    const s = await signIn(w.db, { email: "boss@acme.test", password: "boss-password-1", ip: "" });
    const ctx: Ctx = { ...admin, sessionId: (await readSession(w.db, s.token))!.sessionId };
    // The refusal (wrong current password) rolls back a transaction that is open for
    // the length of a password check; the clock is saved while it is open.
    const refused = changePassword({ ctx, input: { current: "not my password", next: "a-new-password-2" } }).catch((e) => e.code);
    await new Promise((r) => setTimeout(r, 15)); // its transaction is open, checking the password
    const saves = Array.from({ length: 20 }, (_, i) => housekeeping(w.db, (tx) => tx.setting.upsert({ where: { key: "clock.sim" }, create: { key: "clock.sim", value: String(i) }, update: { value: String(i) } })));
    const sessionTouches = Array.from({ length: 20 }, (_, i) => w.db.setting.create({ data: { key: `plain-${i}`, value: "" } }));
    expect(await refused).toBe("InvalidCredentials");
    await Promise.all([...saves, ...sessionTouches]);
    expect((await w.db.setting.findUnique({ where: { key: "clock.sim" } }))?.value).toBe("19");
    expect(await w.db.setting.count({ where: { key: { startsWith: "plain-" } } })).toBe(20);
    expect(await w.db.auditEvent.findFirst({ where: { action: "ChangePassword", result: "InvalidCredentials" } })).not.toBeNull();
  });

  it("hashes a new password before its transaction: other writes don't wait for it", async () => {
    const s = await signIn(w.db, { email: "boss@acme.test", password: "boss-password-1", ip: "" });
    const ctx: Ctx = { ...admin, sessionId: (await readSession(w.db, s.token))!.sessionId };
    const order: string[] = [];
    const change = changePassword({ ctx, input: { current: "boss-password-1", next: "another-password-9" } }).then(() => order.push("password changed"));
    await new Promise((r) => setTimeout(r, 5)); // checking and hashing (argon2id) are under way
    await housekeeping(w.db, (tx) => tx.setting.create({ data: { key: "meanwhile", value: "" } })).then(() => order.push("other write"));
    await change;
    expect(order).toEqual(["other write", "password changed"]);
    expect(await w.db.auditEvent.findFirst({ where: { action: "ChangePassword", result: "success" } })).not.toBeNull();
  });
});
