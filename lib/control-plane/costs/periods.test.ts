import { describe, expect, it } from "vitest";
import { periodLabel, periodRange, previousPeriod, quarterRange, recentMonths, recentQuarters, reviewRange } from "./periods";

const NOW = "2026-12-15T10:00:00Z";

describe("cost periods", () => {
  it("offers calendar months and quarters, to date or whole", () => {
    expect(periodRange("mtd", NOW)).toEqual({ from: "2026-12-01", to: "2026-12-16" });
    expect(periodRange("last", NOW)).toEqual({ from: "2026-11-01", to: "2026-12-01" });
    expect(periodRange("month", NOW, { month: "2026-02" })).toEqual({ from: "2026-02-01", to: "2026-03-01" });
    expect(periodRange("qtd", NOW)).toEqual({ from: "2026-10-01", to: "2026-12-16" });
    expect(periodRange("lastq", NOW)).toEqual({ from: "2026-07-01", to: "2026-10-01" });
    expect(periodRange("quarter", NOW, { quarter: "2025-Q4" })).toEqual({ from: "2025-10-01", to: "2026-01-01" });
    expect(periodRange("custom", NOW, { from: "2026-12-03", to: "2026-12-10" })).toEqual({ from: "2026-12-03", to: "2026-12-10" });
    // January's "last month" and "last quarter" are in the year before.
    expect(periodRange("last", "2027-01-04T00:00:00Z")).toEqual({ from: "2026-12-01", to: "2027-01-01" });
    expect(periodRange("lastq", "2027-01-04T00:00:00Z")).toEqual({ from: "2026-10-01", to: "2027-01-01" });
    // Nonsense in the URL falls back to this month.
    expect(periodRange("month", NOW, { month: "2026-13" })).toEqual({ from: "2026-12-01", to: "2026-12-16" });
    expect(quarterRange("2026-Q5")).toBeNull();
  });

  it("compares a month with the calendar month before it, not the same number of days", () => {
    // December (31 days) vs November (30 days), not Oct 31 – Nov 30.
    expect(previousPeriod({ from: "2026-12-01", to: "2027-01-01" })).toEqual({ from: "2026-11-01", to: "2026-12-01" });
    // March vs February (28 days).
    expect(previousPeriod({ from: "2026-03-01", to: "2026-04-01" })).toEqual({ from: "2026-02-01", to: "2026-03-01" });
    // Month to date: the same days of the month before.
    expect(previousPeriod({ from: "2026-12-01", to: "2026-12-16" })).toEqual({ from: "2026-11-01", to: "2026-11-16" });
    // March 1–30 (to the 31st, excluded): February has no 31st, so all of February.
    expect(previousPeriod({ from: "2026-03-01", to: "2026-03-31" })).toEqual({ from: "2026-02-01", to: "2026-03-01" });
    // January vs December of the year before.
    expect(previousPeriod({ from: "2027-01-01", to: "2027-02-01" })).toEqual({ from: "2026-12-01", to: "2027-01-01" });
  });

  it("compares a quarter with the quarter before, and a custom range with the same days before", () => {
    expect(previousPeriod({ from: "2026-10-01", to: "2027-01-01" })).toEqual({ from: "2026-07-01", to: "2026-10-01" });
    expect(previousPeriod({ from: "2026-10-01", to: "2026-12-16" })).toEqual({ from: "2026-07-01", to: "2026-09-16" });
    expect(previousPeriod({ from: "2026-12-03", to: "2026-12-10" })).toEqual({ from: "2026-11-26", to: "2026-12-03" });
    // Two whole months not on a quarter: the two months before.
    expect(previousPeriod({ from: "2026-05-01", to: "2026-07-01" })).toEqual({ from: "2026-03-01", to: "2026-05-01" });
    // A whole year: the year before.
    expect(previousPeriod({ from: "2026-01-01", to: "2027-01-01" })).toEqual({ from: "2025-01-01", to: "2026-01-01" });
  });

  it("names periods as people do", () => {
    expect(periodLabel({ from: "2026-11-01", to: "2026-12-01" })).toBe("November 2026");
    expect(periodLabel({ from: "2026-10-01", to: "2027-01-01" })).toBe("Q4 2026");
    expect(periodLabel({ from: "2026-12-01", to: "2026-12-16" }, NOW)).toBe("December 2026 to date");
    expect(periodLabel({ from: "2026-10-01", to: "2026-12-16" }, NOW)).toBe("Q4 2026 to date");
    expect(periodLabel({ from: "2026-12-03", to: "2026-12-10" })).toBe("2026-12-03 to 2026-12-09");
    expect(periodLabel({ from: "2026-12-03", to: "2026-12-04" })).toBe("2026-12-03");
  });

  it("lists recent months and quarters, newest first", () => {
    expect(recentMonths(NOW, 3)).toEqual(["2026-12", "2026-11", "2026-10"]);
    expect(recentQuarters("2026-02-01T00:00:00Z", 3)).toEqual(["2026-Q1", "2025-Q4", "2025-Q3"]);
  });

  it("works a named period out again at the review's now: a link made yesterday (time warp) still reviews to date", () => {
    const link = { period: "qtd", from: "2026-10-01", to: "2026-12-09" }; // made on 2026-12-08
    const r = reviewRange(link, "2026-12-09T03:00:00.000Z");
    expect(r).toEqual({ from: "2026-10-01", to: "2026-12-10" });
    expect(periodLabel(r, "2026-12-09T03:00:00.000Z")).toBe("Q4 2026 to date");
    expect(reviewRange({ period: "custom", from: "2026-01-05", to: "2026-01-09" }, "2026-12-09T03:00:00.000Z")).toEqual({ from: "2026-01-05", to: "2026-01-09" });
    expect(reviewRange({ from: "2026-01-05", to: "2026-01-09" }, "2026-12-09T03:00:00.000Z")).toEqual({ from: "2026-01-05", to: "2026-01-09" });
    expect(reviewRange({ period: "nonsense" }, "2026-12-09T03:00:00.000Z")).toEqual({ from: "2026-12-01", to: "2026-12-10" });
  });
});
