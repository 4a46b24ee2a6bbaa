// When npm start builds the console: no build yet, or the sources' contents
// changed since the recorded build; not for a touch, a test file, or a build
// made by hand that is newer than every source.
import { describe, it, expect, beforeEach, afterEach } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { needsBuild, recordBuild, sourceFiles } from "./needs-build.mjs";

let root = "";
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};
const age = (rel: string, secondsAgo: number) => fs.utimesSync(path.join(root, rel), new Date(Date.now() - secondsAgo * 1000), new Date(Date.now() - secondsAgo * 1000));

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-needs-build-"));
  write("app/page.tsx", "export default 1;");
  write("lib/a.ts", "export const a = 1;");
  write("lib/a.test.ts", "test");
  write("lib/generated/prisma/client.ts", "generated");
  write("package-lock.json", "{}");
  write("prisma/schema.prisma", "model A {}");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("needsBuild", () => {
  it("lists the sources a build depends on", () => {
    expect(sourceFiles(root)).toEqual(["app/page.tsx", "lib/a.ts", "package-lock.json", "prisma/schema.prisma"]);
  });

  it("builds when there is no build", () => {
    expect(needsBuild(root)).toBe(true);
  });

  it("after npm start's build: only a change of content rebuilds (not a touch, not a test file)", () => {
    write(".next/BUILD_ID", "x");
    recordBuild(root);
    expect(needsBuild(root)).toBe(false);
    fs.utimesSync(path.join(root, "lib/a.ts"), new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    expect(needsBuild(root)).toBe(false);
    write("lib/a.test.ts", "changed test");
    expect(needsBuild(root)).toBe(false);
    write("lib/a.ts", "export const a = 2;");
    expect(needsBuild(root)).toBe(true);
    write("lib/a.ts", "export const a = 1;");
    expect(needsBuild(root)).toBe(false);
    write("package-lock.json", '{"lockfileVersion":3}');
    expect(needsBuild(root)).toBe(true);
  });

  it("a build made another way (newer BUILD_ID than the fingerprint) is judged by modification times", () => {
    write(".next/BUILD_ID", "x");
    recordBuild(root);
    age(".next/stratus-sources.sha256", 120);
    for (const f of sourceFiles(root)) age(f, 60);
    expect(needsBuild(root)).toBe(false);
    write("lib/b.ts", "new file");
    expect(needsBuild(root)).toBe(true);
  });
});
