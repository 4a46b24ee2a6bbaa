import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { addMember, changeRole, removeMember, listMembers } from "./members";
import { inviteMember, acceptInvitation, describeInvitation, revokeInvitation } from "./invitations";
import { createTeam, teamsOf } from "./teams";
import { createAccessKey, listAccessKeys, setAccessKeyStatus, resolveAccessKey, deleteAccessKey, recordKeyUse } from "../identity/access-keys";
import { changePassword, resetPassword } from "../identity/password";
import { createSession, readSession } from "../../auth/sessions";
import { signIn } from "../identity/sign-in";
import { launchInstances } from "../instances/launch";
import { listAudit } from "../audit/audit";
import type { Ctx } from "../context";

let w: TestWorld;
let admin: Ctx;
beforeEach(async () => {
  w = await testWorld();
  // a real admin user behind the ctx, as the console has
  const a = await addMember({ ctx: { ...w.ctx(), actor: { kind: "cli" } }, input: { email: "boss@acme.test", role: "admin", password: "boss-password-1" } });
  admin = { ...w.ctx(), actor: { kind: "user", id: a.userId, email: a.email } };
});
afterEach(() => w.close());

const tokenOf = (path: string) => path.replace("/invite/", "");

describe("members", () => {
  it("keeps the last admin: can't demote or remove them", async () => {
    await expect(changeRole({ ctx: admin, input: { userId: (admin.actor as { id: string }).id, role: "viewer" } })).rejects.toMatchObject({ code: "LastAdmin" });
    await expect(removeMember({ ctx: admin, input: { userId: (admin.actor as { id: string }).id } })).rejects.toMatchObject({ code: "LastAdmin" });
    const second = await addMember({ ctx: admin, input: { email: "second@acme.test", role: "admin" } });
    expect(second.generatedPassword).toHaveLength(20);
    await changeRole({ ctx: admin, input: { userId: (admin.actor as { id: string }).id, role: "operator" } });
    await expect(changeRole({ ctx: admin, input: { userId: second.userId, role: "viewer" } })).rejects.toMatchObject({ code: "LastAdmin" });
  });

  it("removing a member ends their sessions and disables their keys in that team", async () => {
    const m = await addMember({ ctx: admin, input: { email: "op@acme.test", role: "operator", password: "op-password-12" } });
    const { token } = await createSession(w.db, m.userId, w.team.id, "1.2.3.4");
    const opCtx: Ctx = { ...w.ctx("operator"), actor: { kind: "user", id: m.userId, email: m.email } };
    const key = await createAccessKey({ ctx: opCtx, input: {} });
    await removeMember({ ctx: admin, input: { userId: m.userId } });
    expect(await readSession(w.db, token)).toBeNull();
    expect((await resolveAccessKey(w.db, key.accessKeyId))?.active).toBe(false);
    expect((await listMembers({ ctx: admin, input: {} })).map((x) => x.email)).not.toContain("op@acme.test");
  });
});

describe("invitations", () => {
  it("are single use, and the invitee joins with the role", async () => {
    const inv = await inviteMember({ ctx: admin, input: { email: "New.Person@Acme.test", role: "viewer" } });
    expect(inv.email).toBe("new.person@acme.test");
    const joined = await acceptInvitation(w.db, { token: tokenOf(inv.path), password: "a-good-password", ip: "1.1.1.1" });
    expect(joined.teamId).toBe(w.team.id);
    expect((await teamsOf(w.db, joined.userId))[0]).toMatchObject({ id: w.team.id, role: "viewer" });
    await expect(acceptInvitation(w.db, { token: tokenOf(inv.path), password: "a-good-password", ip: "1.1.1.1" })).rejects.toMatchObject({ code: "InvalidInvitation", message: expect.stringContaining("already used") });
    await expect(signIn(w.db, { email: "new.person@acme.test", password: "a-good-password", ip: "1.1.1.1" })).resolves.toMatchObject({ userId: joined.userId });
  });

  it("expire, can be revoked, and reject unknown links", async () => {
    const inv = await inviteMember({ ctx: admin, input: { email: "late@acme.test", role: "operator" } });
    await w.db.invitation.update({ where: { id: inv.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(describeInvitation(w.db, tokenOf(inv.path))).rejects.toMatchObject({ message: expect.stringContaining("expired") });
    const inv2 = await inviteMember({ ctx: admin, input: { email: "nope@acme.test", role: "operator" } });
    await revokeInvitation({ ctx: admin, input: { id: inv2.id } });
    await expect(describeInvitation(w.db, tokenOf(inv2.path))).rejects.toMatchObject({ message: expect.stringContaining("withdrawn") });
    await expect(describeInvitation(w.db, "made-up")).rejects.toMatchObject({ message: expect.stringContaining("not valid") });
  });

  it("an existing account joins a second team by proving its password", async () => {
    const other = await createTeam({ ctx: admin, input: { name: "Second" } });
    const ctx2: Ctx = { ...admin, team: other };
    const m = await addMember({ ctx: admin, input: { email: "both@acme.test", role: "operator", password: "both-password-1" } });
    const inv = await inviteMember({ ctx: ctx2, input: { email: "both@acme.test", role: "billing" } });
    await expect(acceptInvitation(w.db, { token: tokenOf(inv.path), password: "wrong-password-1", ip: "" })).rejects.toMatchObject({ code: "InvalidCredentials" });
    await acceptInvitation(w.db, { token: tokenOf(inv.path), password: "both-password-1", ip: "" });
    expect((await teamsOf(w.db, m.userId)).map((t) => [t.name, t.role])).toEqual([["Acme", "operator"], ["Second", "billing"]]);
  });
});

describe("access keys", () => {
  it("are AKIA-style, shown once, stored sealed, and can be deactivated and deleted", async () => {
    const k = await createAccessKey({ ctx: admin, input: { description: "ci" } });
    expect(k.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(k.secretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    const row = await w.db.accessKey.findUniqueOrThrow({ where: { id: k.accessKeyId } });
    expect(row.secretEnc).not.toContain(k.secretAccessKey);
    expect(JSON.stringify(await listAccessKeys({ ctx: admin, input: {} }))).not.toContain(k.secretAccessKey);
    const resolved = await resolveAccessKey(w.db, k.accessKeyId);
    expect(resolved).toMatchObject({ active: true, secret: k.secretAccessKey, role: "admin", team: { id: w.team.id } });
    // Last use is recorded once a signature holds (the API handler), not on a mere lookup.
    expect((await w.db.accessKey.findUniqueOrThrow({ where: { id: k.accessKeyId } })).lastUsedAt).toBeNull();
    await recordKeyUse(w.db, resolved!.key);
    expect((await w.db.accessKey.findUniqueOrThrow({ where: { id: k.accessKeyId } })).lastUsedAt).not.toBeNull();
    await setAccessKeyStatus({ ctx: admin, input: { accessKeyId: k.accessKeyId, status: "Inactive" } });
    expect((await resolveAccessKey(w.db, k.accessKeyId))?.active).toBe(false);
    await deleteAccessKey({ ctx: admin, input: { accessKeyId: k.accessKeyId } });
    expect(await resolveAccessKey(w.db, k.accessKeyId)).toBeNull();
    const audit = await w.db.auditEvent.findMany({ where: { targets: { contains: k.accessKeyId } } });
    expect(audit.map((a) => a.action)).toEqual(["CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey"]);
    expect(JSON.stringify(audit)).not.toContain(k.secretAccessKey);
  });

  it("members manage only their own keys; other teams can't see them", async () => {
    const k = await createAccessKey({ ctx: admin, input: {} });
    const v = await addMember({ ctx: admin, input: { email: "v@acme.test", role: "viewer", password: "viewer-pass-1" } });
    const viewer: Ctx = { ...w.ctx("viewer"), actor: { kind: "user", id: v.userId, email: v.email } };
    await expect(deleteAccessKey({ ctx: viewer, input: { accessKeyId: k.accessKeyId } })).rejects.toMatchObject({ code: "UnauthorizedOperation" });
    const other = await w.addTeam("Other");
    await expect(setAccessKeyStatus({ ctx: w.ctx("admin", other), input: { accessKeyId: k.accessKeyId, status: "Inactive" } })).rejects.toMatchObject({ code: "ResourceNotFound" });
  });
});

describe("passwords and sessions", () => {
  it("changing a password ends the user's other sessions", async () => {
    const id = (admin.actor as { id: string }).id;
    const a = await createSession(w.db, id, w.team.id, "");
    const b = await createSession(w.db, id, w.team.id, "");
    const current = (await readSession(w.db, a.token))!;
    const r = await changePassword({ ctx: { ...admin, sessionId: current.sessionId }, input: { current: "boss-password-1", next: "boss-password-2" } });
    expect(r.endedSessions).toBe(1);
    expect(await readSession(w.db, a.token)).not.toBeNull();
    expect(await readSession(w.db, b.token)).toBeNull();
    await expect(changePassword({ ctx: admin, input: { current: "wrong", next: "boss-password-3" } })).rejects.toMatchObject({ code: "InvalidCredentials", field: "current" });
  });

  it("an admin reset sets a generated password and ends all sessions", async () => {
    const m = await addMember({ ctx: admin, input: { email: "lost@acme.test", role: "operator", password: "lost-password-1" } });
    const s = await createSession(w.db, m.userId, w.team.id, "");
    const r = await resetPassword({ ctx: admin, input: { email: "lost@acme.test" } });
    expect(r.password).toHaveLength(20);
    expect(await readSession(w.db, s.token)).toBeNull();
    await expect(signIn(w.db, { email: "lost@acme.test", password: r.password!, ip: "" })).resolves.toBeTruthy();
  });

  it("limits failed sign-ins per account", async () => {
    for (let i = 0; i < 5; i++) await expect(signIn(w.db, { email: "boss@acme.test", password: "nope", ip: "9.9.9.9" })).rejects.toMatchObject({ code: "InvalidCredentials" });
    await expect(signIn(w.db, { email: "boss@acme.test", password: "boss-password-1", ip: "9.9.9.9" })).rejects.toMatchObject({ code: "Throttling" });
    const failed = await w.db.auditEvent.count({ where: { action: "SignIn", result: "InvalidCredentials" } });
    expect(failed).toBe(5);
  });
});

describe("the audit log", () => {
  it("records a change with its own transaction and no record for a change that rolled back", async () => {
    await launchInstances({ ctx: admin, input: { imageId: "ami-f937d290" } });
    await expect(launchInstances({ ctx: admin, input: { imageId: "ami-f937d290", instanceType: "m1.large" } })).rejects.toBeTruthy();
    const runs = await w.db.auditEvent.findMany({ where: { action: "RunInstances" }, orderBy: { id: "asc" } });
    expect(runs.map((r) => r.result)).toEqual(["success", "InvalidParameterCombination"]);
    expect(runs[0].targets).toMatch(/^r-[0-9a-f]{17} i-[0-9a-f]{17}$/);
    expect(runs[0].sourceIp).toBe("127.0.0.1");
  });

  it("filters by actor, action, target and time, scoped to the team", async () => {
    const r = await launchInstances({ ctx: admin, input: { imageId: "ami-f937d290" } });
    const page = await listAudit({ ctx: admin, input: { action: "RunInstances", actor: "boss@", target: r.instances[0].id } });
    expect(page.total).toBe(1);
    expect((await listAudit({ ctx: admin, input: { from: "2099-01-01" } })).total).toBe(0);
    await expect(listAudit({ ctx: admin, input: { from: "yesterday" } })).rejects.toMatchObject({ field: "from" });
    const other = await w.addTeam("Other");
    expect((await listAudit({ ctx: w.ctx("admin", other), input: { target: r.instances[0].id } })).total).toBe(0);
  });
});
