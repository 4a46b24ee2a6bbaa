import { describe, expect, it } from "vitest";
import { addDays, formatMonth, formatUtc } from "./time";

describe("time formatting", () => {
  it("shows UTC in one format, with seconds on request", () => {
    expect(formatUtc("2026-12-01T14:05:09.123Z")).toBe("2026-12-01 14:05 UTC");
    expect(formatUtc(new Date("2026-12-01T14:05:09Z"), { seconds: true })).toBe("2026-12-01 14:05:09 UTC");
    // Whatever the server's zone, the same instant reads the same.
    expect(formatUtc("2026-12-01T23:30:00-05:00")).toBe("2026-12-02 04:30 UTC");
    expect(formatUtc("not a time")).toBe("—");
  });

  it("names months and moves days across month and year ends", () => {
    expect(formatMonth("2026-12")).toBe("December 2026");
    expect(formatMonth("2027-01")).toBe("January 2027");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addDays("<script>", 1)).toBe("<script>");
  });
});
