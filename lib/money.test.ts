import { describe, expect, it } from "vitest";
import { decimalToMicros, formatAmount, formatMoney, parseDollars, roundToCents, shownPartsSum, toDecimal } from "./money";

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
  });

  it("shows amounts to the cent, grouped, from micro-dollars or a service's decimal string", () => {
    expect(formatMoney(2_007_040_000n)).toBe("$2,007.04");
    expect(formatMoney(-1_500_000n)).toBe("-$1.50");
    expect(formatMoney("22.421589")).toBe("$22.42");
    expect(formatMoney("939.379393")).toBe("$939.38");
    expect(formatMoney("1234567.995")).toBe("$1,234,568.00");
    expect(formatMoney("-0.005")).toBe("-$0.01");
    expect(formatMoney("0")).toBe("$0.00");
    expect(formatMoney(72_000_000n)).toBe("$72.00");
    expect(formatMoney("not money")).toBe("—");
  });

  it("keeps every place of a rate that matters", () => {
    expect(formatMoney("0.085", { rate: true })).toBe("$0.085");
    expect(formatMoney(100_000n, { rate: true })).toBe("$0.10");
    expect(formatMoney("1234.000001", { rate: true })).toBe("$1,234.000001");
  });

  it("reads signed decimals exactly", () => {
    expect(decimalToMicros("-12.345678")).toBe(-12_345_678n);
    expect(decimalToMicros("0.10")).toBe(100_000n);
    expect(decimalToMicros("1e3")).toBeNull();
  });

  it("rounds to cents half up", () => {
    expect(roundToCents(1_234_999n)).toBe(1_230_000n);
    expect(roundToCents(1_235_000n)).toBe(1_240_000n);
    expect(roundToCents(-1_235_000n)).toBe(-1_240_000n);
  });

  it("shows an amount too small for a cent as less than one, not as nothing", () => {
    expect(formatAmount("0.004999")).toBe("< $0.01");
    expect(formatAmount(1n)).toBe("< $0.01");
    expect(formatAmount("0.005")).toBe("$0.01");
    expect(formatAmount("0")).toBe("$0.00");
    expect(formatAmount("1234.5")).toBe("$1,234.50");
  });

  it("says what the rounded parts add up to when it isn't the rounded total", () => {
    // $1.004 + $0.004 + $0.004 = $1.012: the cards show $1.00, $0.00, $0.00 and the total $1.01
    expect(shownPartsSum("1.012", ["1.004", "0.004", "0.004"])).toBe(1_000_000n);
    expect(shownPartsSum(1_010_000n, [1_000_000n, 10_000n])).toBeNull();
    expect(shownPartsSum("0", [])).toBeNull();
  });
});
