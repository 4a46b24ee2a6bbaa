import { describe, expect, it } from "vitest";
import { appendToRing, parseRing, ringText, CONSOLE_LIMIT } from "./ring";

const empty = () => parseRing("", 1);

describe("the 64 KB console ring", () => {
  it("numbers lines and keeps them whole", () => {
    const { state, fromSeq, dropped } = appendToRing(empty(), ["one", "two"]);
    expect(fromSeq).toBe(1);
    expect(dropped).toBe(0);
    const next = appendToRing(state, ["three"]);
    expect(next.fromSeq).toBe(3);
    expect(ringText(next.state)).toBe("one\ntwo\nthree");
    expect(next.state.bytes).toBe(14);
  });

  it("drops whole lines from the front once over 64 KB, never part of one", () => {
    const line = "x".repeat(1023); // 1 KB with its newline
    let state = empty();
    for (let i = 0; i < 64; i++) state = appendToRing(state, [`${line}`]).state;
    expect(state.bytes).toBe(CONSOLE_LIMIT);
    expect(state.firstSeq).toBe(1);
    const r = appendToRing(state, ["tail"]);
    expect(r.dropped).toBe(1);
    expect(r.state.firstSeq).toBe(2);
    expect(r.state.lines[0]).toBe(line);
    expect(r.state.bytes).toBeLessThanOrEqual(CONSOLE_LIMIT);
    expect(r.state.lines.at(-1)).toBe("tail");
  });

  it("counts multi-byte characters as the bytes they are", () => {
    const snow = "☃".repeat(100); // 300 bytes
    const { state } = appendToRing(empty(), [snow, "é"]);
    expect(state.bytes).toBe(301 + 3);
    let s = state;
    for (let i = 0; i < 300; i++) s = appendToRing(s, [snow]).state;
    expect(s.bytes).toBeLessThanOrEqual(CONSOLE_LIMIT);
    expect(Buffer.byteLength(ringText(s), "utf8") + 1).toBe(s.bytes);
    expect(s.lines.every((l) => l === snow || l === "é")).toBe(true);
  });

  it("clips a single line longer than the whole ring on a character boundary", () => {
    const huge = "é".repeat(40_000); // 80,000 bytes
    const r = appendToRing(empty(), [huge], 1000);
    expect(r.state.bytes).toBeLessThanOrEqual(1000);
    expect(r.state.lines[0]).toMatch(/^é+$/);
    expect(r.appended[0]).toBe(r.state.lines[0]);
  });

  it("turns embedded newlines into spaces so line numbers stay true", () => {
    const r = appendToRing(empty(), ["a\nb", "c\r\nd"]);
    expect(r.state.lines).toEqual(["a b", "c d"]);
    expect(parseRing(ringText(r.state), 1).lines).toEqual(["a b", "c d"]);
  });

  it("stores what a guest or user data prints terminal-safe: colour kept, clears, C1 CSI and hyperlinks gone", () => {
    const r = appendToRing(empty(), ["\u009b2J\u009b31mred", "\x1b]8;;http://evil.example\x07link\x1b]8;;\x07", "\x1b[32mOK\x1b[0m"]);
    expect(r.state.lines).toEqual(["red", "link", "\x1b[32mOK\x1b[0m\x1b[0m"]);
  });
});
