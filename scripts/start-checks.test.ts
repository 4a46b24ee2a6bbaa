// npm start on a checkout whose npm install didn't run postinstall (node_modules
// copied in, or --ignore-scripts): one sentence on what to run, not a module trace.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-start-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("npm start's checks", () => {
  it("says to generate the database client when it is missing", () => {
    fs.mkdirSync(path.join(dir, "scripts"));
    for (const f of fs.readdirSync(path.join(root, "scripts")).filter((f) => f.endsWith(".mjs"))) fs.copyFileSync(path.join(root, "scripts", f), path.join(dir, "scripts", f));
    fs.copyFileSync(path.join(root, "package.json"), path.join(dir, "package.json"));
    fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
    const r = spawnSync(process.execPath, [path.join(dir, "scripts", "start.mjs")], { cwd: dir, env: { ...process.env, PORT: "0", STRATUS_DATA_DIR: path.join(dir, "data") }, encoding: "utf8", timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Stratus's database client hasn't been generated");
    expect(r.stderr).toContain("run: npm run postinstall");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
