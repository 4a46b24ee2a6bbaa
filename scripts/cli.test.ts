// The operators' CLI, run in-process against a fresh SQLite file.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-cli-"));
process.env.STRATUS_DATA_DIR = dir;
process.env.DATABASE_URL = `file:${path.join(dir, "stratus.db")}`;

let main: (argv: string[]) => Promise<number>;
let mainWithRetries: (argv: string[]) => Promise<number>;
beforeAll(async () => {
  ({ main, mainWithRetries } = await import("./cli"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number | string; out: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...a) => void lines.push(a.join(" ")));
  try {
    return { code: await main(argv), out: lines.join("\n") };
  } catch (e) {
    return { code: (e as { code?: string }).code ?? "error", out: (e as Error).message };
  } finally {
    spy.mockRestore();
  }
}

describe("npm run stratus", () => {
  it("creates a team, adds users, resets a password and makes access keys", async () => {
    expect((await run("team", "create", "Ops", "Team")).out).toContain('Created team "Ops Team"');
    const added = await run("user", "add", "--team", "Ops Team", "--email", "root@ops.test", "--role", "admin");
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/Password: \S{20}/);
    const key = await run("access-key", "create", "--email", "root@ops.test");
    const json = JSON.parse(key.out);
    expect(json.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(json.SecretAccessKey).toHaveLength(40);
    const list = JSON.parse((await run("access-key", "list", "--email", "root@ops.test")).out);
    expect(list.AccessKeyMetadata[0]).toMatchObject({ AccessKeyId: json.AccessKeyId, Status: "Active" });
    expect(JSON.stringify(list)).not.toContain(json.SecretAccessKey);
    expect((await run("user", "reset-password", "--email", "root@ops.test")).out).toMatch(/New password for root@ops.test: \S{20}/);

    const { db } = await (await import("../lib/runtime")).runtime();
    const audit = await db.auditEvent.findMany({ orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([
      ["CreateTeam", "cli"],
      ["AddMember", "cli"],
      ["CreateAccessKey", "cli"],
      ["ResetPassword", "cli"],
    ]);
  });

  it("refuses clearly", async () => {
    expect(await run("user", "add", "--team", "Nope", "--email", "x@y.z", "--role", "admin")).toMatchObject({ code: "ResourceNotFound", out: 'There is no team named "Nope".' });
    expect(await run("user", "add", "--team", "Ops Team", "--email", "bad", "--role", "admin")).toMatchObject({ code: "InvalidParameterValue", out: "Enter a valid email address." });
    expect(await run("user", "add", "--team", "Ops Team", "--email", "a@b.c", "--role", "king")).toMatchObject({ code: "InvalidParameterValue" });
    expect((await run("frobnicate")).out).toContain('Unknown command "frobnicate"');
    expect((await run("user", "add", "--email", "a@b.c")).out).toBe("--team is required.");
  });

  it("works beside a running server that keeps writing: its transaction waits for the other's commits (BEGIN IMMEDIATE)", async () => {
    const Database = (await import("better-sqlite3")).default;
    // another process's connection (the server's), committing every few milliseconds
    const other = new Database(path.join(dir, "stratus.db"), { timeout: 10_000 });
    const busyFor = (ms: number) => {
      const until = Date.now() + ms;
      const timer = setInterval(() => other.prepare("INSERT OR REPLACE INTO Setting (key, value) VALUES ('cli-test', ?)").run(String(Date.now())), 2);
      return new Promise<void>((r) => setTimeout(() => (clearInterval(timer), r()), until - Date.now()));
    };
    const silent = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      // The password is hashed before the transaction, which takes the write lock when it
      // begins: the other's commits are waited for, never met midway ('database is locked').
      const w1 = busyFor(400);
      expect(await main(["user", "add", "--team", "Ops Team", "--email", "once@ops.test", "--role", "viewer", "--password", "a-long-password-1"])).toBe(0);
      await w1;
      const w2 = busyFor(400);
      expect(await mainWithRetries(["user", "add", "--team", "Ops Team", "--email", "twice@ops.test", "--role", "viewer", "--password", "a-long-password-1"])).toBe(0);
      await w2;
      const { db } = await (await import("../lib/runtime")).runtime();
      expect(await db.user.count({ where: { email: { in: ["once@ops.test", "twice@ops.test"] } } })).toBe(2);
    } finally {
      silent.mockRestore();
      other.close();
    }
  });
});
