import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { anyWildcard, wildcard } from "./wildcard";

// A slow but obviously right reference: dynamic programming over the tokens.
function reference(pattern: string, value: string): boolean {
  const toks: { c: string | null; star: boolean }[] = [];
  const p = Array.from(pattern);
  for (let i = 0; i < p.length; i++) {
    if (p[i] === "\\" && i + 1 < p.length) toks.push({ c: p[++i], star: false });
    else if (p[i] === "*") toks.push({ c: null, star: true });
    else toks.push({ c: p[i] === "?" ? null : p[i], star: false });
  }
  const v = Array.from(value);
  let row = new Array(v.length + 1).fill(false);
  row[0] = true;
  for (const t of toks) {
    const next = new Array(v.length + 1).fill(false);
    for (let j = 0; j <= v.length; j++) {
      if (t.star) next[j] = row[j] || (j > 0 && next[j - 1]);
      else if (j > 0) next[j] = row[j - 1] && (t.c === null || t.c === v[j - 1]);
    }
    row = next;
  }
  return row[v.length];
}

describe("EC2 filter wildcards", () => {
  it.each([
    ["web-*", "web-1", true],
    ["web-*", "db-1", false],
    ["*", "", true],
    ["?", "", false],
    ["?", "é", true],
    ["a?c", "abc", true],
    ["a?c", "abbc", false],
    ["*b*", "abc", true],
    ["a*b*c", "aXbYc", true],
    ["a*b*c", "aXcYb", false],
    ["\\*", "*", true],
    ["\\*", "x", false],
    ["\\?", "?", true],
    ["a\\\\b", "a\\b", true],
    ["Web", "web", false],
    ["*ab", "abab", true],
    ["ab*ab", "ab", false],
  ])("%s ~ %s = %s", (p, v, want) => {
    expect(wildcard(p).test(v)).toBe(want);
  });

  it("reports a literal for exact matches, with escapes undone", () => {
    expect(wildcard("web-1").exact).toBe("web-1");
    expect(wildcard("a\\*b").exact).toBe("a*b");
    expect(wildcard("a*b").exact).toBeNull();
    expect(wildcard("a?b").exact).toBeNull();
  });

  it("agrees with a reference matcher on random patterns", () => {
    const alpha = fc.constantFrom("a", "b", "*", "?", "\\");
    fc.assert(
      fc.property(fc.array(alpha, { maxLength: 12 }).map((a) => a.join("")), fc.array(fc.constantFrom("a", "b", "*", "?", "\\"), { maxLength: 12 }).map((a) => a.join("")), (p, v) => {
        expect(wildcard(p).test(v)).toBe(reference(p, v));
      }),
      { numRuns: 5000 },
    );
  });

  it("stays linear on patterns that make backtracking matchers explode", () => {
    const pattern = "*a".repeat(40) + "*b";
    const value = "a".repeat(4000);
    const started = performance.now();
    for (let i = 0; i < 100; i++) expect(wildcard(pattern).test(value)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("ORs a filter's values", () => {
    const m = anyWildcard(["web-*", "db-?"]);
    expect(m("web-x")).toBe(true);
    expect(m("db-1")).toBe(true);
    expect(m("db-12")).toBe(false);
  });
});
