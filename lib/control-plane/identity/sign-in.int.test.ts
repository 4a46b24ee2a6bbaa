// Signing in under attack: the limiter counts atomically (a burst of
// concurrent guesses gets exactly the allowed number evaluated), locks out the
// (account, address) pair with backoff rather than the account for everyone,
// and every attempt, success and sign-out is in the audit log.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { signIn, signOut } from "./sign-in";
import { addMember } from "../teams/members";
import { readSession } from "../../auth/sessions";
import { THROTTLE } from "../../auth/sign-in-throttle";

let w: TestWorld;
const PASSWORD = "correct horse battery";
beforeEach(async () => {
  w = await testWorld();
  await addMember({ ctx: w.ctx(), input: { email: "admin@acme.test", role: "admin", password: PASSWORD } });
});
afterEach(async () => {
  vi.useRealTimers();
  await w.close();
});

const attempt = (password: string, ip: string, email = "admin@acme.test") =>
  signIn(w.db, { email, password, ip }).then(
    () => "ok",
    (e: { code?: string }) => e.code ?? "error",
  );
const audits = (result?: string) => w.db.auditEvent.count({ where: { action: "SignIn", ...(result ? { result } : {}) } });

describe("sign-in limits", () => {
  it("evaluates exactly the allowed guesses of a concurrent burst of 150", async () => {
    const results = await Promise.all(Array.from({ length: 150 }, () => attempt("wrong password!", "198.51.100.7")));
    expect(results.filter((r) => r === "InvalidCredentials")).toHaveLength(THROTTLE.perAccountAddress);
    expect(results.filter((r) => r === "Throttling")).toHaveLength(150 - THROTTLE.perAccountAddress);
    expect(await audits("InvalidCredentials")).toBe(THROTTLE.perAccountAddress);
    expect(await audits("Throttling")).toBe(150 - THROTTLE.perAccountAddress);
    // Even the right password waits now, from that address.
    expect(await attempt(PASSWORD, "198.51.100.7")).toBe("Throttling");
  });

  it("an email with a NUL character is a failed attempt, recorded, on either database", async () => {
    expect(await attempt(PASSWORD, "192.0.2.9", "admin@acme.test\u0000")).toBe("InvalidCredentials");
    expect(await audits("InvalidCredentials")).toBe(1);
  });

  it("locks out the (account, address) pair, not the account for everyone", async () => {
    for (let i = 0; i < THROTTLE.perAccountAddress; i++) expect(await attempt("guess " + i, "203.0.113.66")).toBe("InvalidCredentials");
    expect(await attempt(PASSWORD, "203.0.113.66")).toBe("Throttling");
    // The admin at their own desk is not locked out by someone else's guesses.
    expect(await attempt(PASSWORD, "192.0.2.10")).toBe("ok");
  });

  it("backs off: 30 s, then double for each further failure, and forgets after a quiet window", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-03-02T10:00:00Z") });
    const ip = "203.0.113.5";
    for (let i = 0; i < THROTTLE.perAccountAddress; i++) await attempt("nope", ip);
    expect(await attempt(PASSWORD, ip)).toBe("Throttling");
    vi.setSystemTime(new Date("2026-03-02T10:00:31Z"));
    expect(await attempt("still wrong", ip)).toBe("InvalidCredentials"); // the 6th: locked 60 s now
    vi.setSystemTime(new Date("2026-03-02T10:01:20Z"));
    expect(await attempt(PASSWORD, ip)).toBe("Throttling");
    vi.setSystemTime(new Date("2026-03-02T10:01:32Z"));
    expect(await attempt(PASSWORD, ip)).toBe("ok");
    // A success starts the pair afresh: five more tries before a lock.
    for (let i = 0; i < THROTTLE.perAccountAddress - 1; i++) expect(await attempt("wrong again", ip)).toBe("InvalidCredentials");
    vi.setSystemTime(new Date("2026-03-02T10:20:00Z"));
    for (let i = 0; i < THROTTLE.perAccountAddress - 1; i++) expect(await attempt("after a quiet window", ip)).toBe("InvalidCredentials");
  });

  it("limits one address trying account after account", async () => {
    const ip = "198.51.100.99";
    for (let i = 0; i < THROTTLE.perAddress; i++) expect(await attempt("pw", ip, `nobody${i}@acme.test`)).toBe("InvalidCredentials");
    expect(await attempt(PASSWORD, ip)).toBe("Throttling");
    expect(await attempt(PASSWORD, "198.51.100.100")).toBe("ok");
  });
});

describe("sessions through the audited write path", () => {
  it("signing in creates the session and its record together; signing out ends it, audited", async () => {
    const s = await signIn(w.db, { email: "Admin@Acme.test ", password: PASSWORD, ip: "192.0.2.44" });
    const session = await readSession(w.db, s.token);
    expect(session?.user.email).toBe("admin@acme.test");
    const rec = await w.db.auditEvent.findFirstOrThrow({ where: { action: "SignIn", result: "success" } });
    expect(rec).toMatchObject({ teamId: w.team.id, actorId: s.userId, sourceIp: "192.0.2.44" });
    await signOut(w.db, session, s.token, "192.0.2.44");
    expect(await readSession(w.db, s.token)).toBeNull();
    expect(await w.db.auditEvent.findFirst({ where: { action: "SignOut", actorId: s.userId, sourceIp: "192.0.2.44" } })).not.toBeNull();
  });

  it("a failed attempt for an unknown account is audited and creates nothing", async () => {
    expect(await attempt("whatever", "192.0.2.1", "ghost@acme.test")).toBe("InvalidCredentials");
    expect(await w.db.session.count()).toBe(0);
    expect(await w.db.auditEvent.findFirst({ where: { action: "SignIn", actorLabel: "ghost@acme.test", result: "InvalidCredentials" } })).not.toBeNull();
  });
});
