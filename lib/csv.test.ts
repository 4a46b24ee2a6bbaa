import { describe, expect, it } from "vitest";
import { stringify } from "csv-stringify/sync";
import { parse } from "csv-parse/sync";
import { neutralise, toCsv } from "./csv";

describe("CSV", () => {
  it("writes what csv-stringify writes, quotes and line breaks included", () => {
    const rows = [
      ["group", "day", "total_usd"],
      ["i-0123456789abcdef0", "2026-03-01", "1.20"],
      ['team "blue", east', "2026-03-02", "0.000001"],
      ["line\nbreak", "carriage\rreturn", ""],
      ["ünïcödé ✓", "a,b", '"'],
    ];
    expect(toCsv(rows)).toBe(stringify(rows));
  });

  it("matches csv-stringify on random fields (once neutralised)", () => {
    const alphabet = 'ab,"\n\r x1é=+-@\t';
    for (let n = 0; n < 200; n++) {
      const rows = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => Array.from({ length: Math.floor(Math.random() * 6) }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join("")));
      expect(toCsv(rows)).toBe(stringify(rows.map((r) => r.map(neutralise))));
    }
  });

  it("never lets a cell start a formula (OWASP: = + - @ tab CR get a leading quote)", () => {
    const hostile = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0"];
    const csv = toCsv([hostile]);
    const [cells] = parse(csv, { relax_quotes: true }) as string[][];
    expect(cells).toEqual(hostile.map((v) => `'${v}`));
    for (const c of cells) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    // Numbers and ordinary text are left alone.
    expect(toCsv([["-12.5", "+3", "0.10", "web-1", "a=b"]])).toBe("-12.5,+3,0.10,web-1,a=b\n");
  });
});
