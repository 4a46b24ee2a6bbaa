import { describe, expect, it } from "vitest";
import { formatUsd, parseDollars, roundToCents, toDecimal } from "./money";

describe("money", () => {
  it("parses non-negative decimals with at most 6 places, exactly", () => {
    expect(parseDollars("0.10")).toBe(100_000n);
    expect(parseDollars("$72")).toBe(72_000_000n);
    expect(parseDollars("0.000001")).toBe(1n);
    expect(parseDollars("0.0000001")).toBeNull();
    expect(parseDollars("-1")).toBeNull();
    expect(parseDollars("1e3")).toBeNull();
    expect(parseDollars("")).toBeNull();
  });

  it("formats exactly", () => {
    expect(toDecimal(72_000_000n)).toBe("72.00");
    expect(toDecimal(2_007_040_000n)).toBe("2007.04");
    expect(toDecimal(1n)).toBe("0.000001");
    expect(formatUsd(2_007_040_000n)).toBe("$2,007.04");
    expect(formatUsd(-1_500_000n)).toBe("-$1.50");
  });

  it("rounds to cents half up", () => {
    expect(roundToCents(1_234_999n)).toBe(1_230_000n);
    expect(roundToCents(1_235_000n)).toBe(1_240_000n);
  });
});
