// Where log lines go: the data directory's stratus.log by default (errors also
// as one plain line on stderr), stdout with STRATUS_LOG=json. Each case runs in
// its own process, as the logger is made once per process.
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { plainLine } from "./log";

const root = path.resolve(import.meta.dirname, "..");

function logIn(env: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-log-"));
  const code = `const { logger } = await import(${JSON.stringify(path.join(root, "lib/log.ts"))}); logger.info({ n: 1 }, "hello"); logger.error({ err: new Error("disk \\u001b[31mfull") }, "meter failed");`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: root, encoding: "utf8", env: { ...process.env, NODE_ENV: "production", STRATUS_LOG_LEVEL: "", STRATUS_DATA_DIR: dir, ...env } });
  const file = path.join(dir, "stratus.log");
  const logged = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
  fs.rmSync(dir, { recursive: true, force: true });
  return { ...r, file, logged };
}

describe("logging", () => {
  it("writes JSON to stratus.log in the data directory, nothing to stdout, and a plain line on stderr for an error", () => {
    const r = logIn({});
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    const lines = r.logged!.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.level, l.msg])).toEqual([[30, "hello"], [50, "meter failed"]]);
    expect(r.stderr).toBe(`Stratus error: meter failed: disk  [31mfull (details in ${r.file})\n`);
  });

  it("writes JSON to stdout with STRATUS_LOG=json, and no file", () => {
    const r = logIn({ STRATUS_LOG: "json" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.logged).toBeNull();
    expect(r.stdout.trim().split("\n").map((l) => JSON.parse(l).msg)).toEqual(["hello", "meter failed"]);
  });

  it("follows STRATUS_LOG_FILE", () => {
    const other = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "stratus-log-")), "sub", "x.log");
    const r = logIn({ STRATUS_LOG_FILE: other });
    expect(r.logged).toBeNull();
    expect(fs.readFileSync(other, "utf8")).toContain('"msg":"hello"');
  });

  it("keeps control characters out of the terminal line", () => {
    expect(plainLine(JSON.stringify({ msg: "a\u001b]0;owned\u0007b", err: { message: "x\r\ny" } }), "/d/stratus.log")).toBe("Stratus error: a ]0;owned b: x y (details in /d/stratus.log)\n");
    expect(plainLine("not json \u009b", "f")).toBe("Stratus error: not json (details in f)\n");
  });
});
