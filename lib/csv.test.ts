import { describe, expect, it } from "vitest";
import { stringify } from "csv-stringify/sync";
import { toCsv } from "./csv";

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

  it("matches csv-stringify on random fields", () => {
    const alphabet = 'ab,"\n\r x1é';
    for (let n = 0; n < 200; n++) {
      const rows = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => Array.from({ length: Math.floor(Math.random() * 6) }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join("")));
      expect(toCsv(rows)).toBe(stringify(rows));
    }
  });
});
