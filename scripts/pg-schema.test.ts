// prisma/postgres/schema.prisma is generated from prisma/schema.prisma: the
// committed copy must be current, and the check must notice when it is not.
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-pg-schema-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const check = (root: string) => spawnSync(process.execPath, [path.join(root, "scripts/pg-schema.mjs"), "--check"], { encoding: "utf8" });

describe("node scripts/pg-schema.mjs --check", () => {
  it("is clean: the PostgreSQL schema is up to date", () => {
    const r = check(path.resolve("."));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("fails, saying what to run, when prisma/schema.prisma changed and the twin did not", () => {
    // A copy of the layout the script expects, with one more field in the source schema.
    fs.mkdirSync(path.join(scratch, "scripts"));
    fs.mkdirSync(path.join(scratch, "prisma/postgres"), { recursive: true });
    fs.copyFileSync(path.resolve("scripts/pg-schema.mjs"), path.join(scratch, "scripts/pg-schema.mjs"));
    fs.copyFileSync(path.resolve("prisma/postgres/schema.prisma"), path.join(scratch, "prisma/postgres/schema.prisma"));
    const source = fs.readFileSync(path.resolve("prisma/schema.prisma"), "utf8");
    fs.writeFileSync(path.join(scratch, "prisma/schema.prisma"), source.replace(/^model Setting \{/m, "model Setting {\n  note String @default(\"\")"));
    expect(check(scratch)).toMatchObject({ status: 1, stderr: expect.stringContaining("prisma/postgres/schema.prisma is stale: run node scripts/pg-schema.mjs") });
  });
});
