import { describe, expect, it } from "vitest";
import { parseCidr, cidrContains } from "./cidr";

describe("CIDR parsing", () => {
  it.each([
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["10.0.0.0/8", "10.0.0.0/8"],
    [" 203.0.113.7/32 ", "203.0.113.7/32"],
    ["2001:db8::/32", "2001:db8::/32"],
    ["::/0", "::/0"],
  ])("accepts %s", (input, text) => {
    const r = parseCidr(input);
    expect(r.ok && r.cidr.text).toBe(text);
  });

  it.each([
    ["10.0.0.300/8", "each of its four numbers must be 0 to 255"],
    ["10.0.0.0/33", "IPv4 prefix length is 0 to 32"],
    ["10.0.0.0", "has no prefix length"],
    ["10.0.0/8", "neither an IPv4 nor an IPv6 address"],
    ["10.0.0.0/x", "is not a number"],
    ["2001:db8::/129", "IPv6 prefix length is 0 to 128"],
    ["010.0.0.0/8", "must be 0 to 255"],
  ])("refuses %s, saying why", (input, why) => {
    const r = parseCidr(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(why);
  });

  it("explains host bits and offers the network form", () => {
    const r = parseCidr("10.1.2.3/8");
    expect(r).toMatchObject({ ok: false, suggestion: "10.0.0.0/8" });
    expect(!r.ok && r.message).toContain("has host bits set");
    expect(!r.ok && r.message).toContain("Use 10.0.0.0/8 for the network, or 10.1.2.3/32 for the single address");
    expect(!r.ok && r.message).toContain("16,777,216 addresses, 10.0.0.0 to 10.255.255.255");
  });

  it("matches addresses, IPv4-mapped included, and never across families", () => {
    expect(cidrContains("10.0.0.0/8", "10.200.1.1")).toBe(true);
    expect(cidrContains("10.0.0.0/8", "11.0.0.1")).toBe(false);
    expect(cidrContains("0.0.0.0/0", "::ffff:203.0.113.9")).toBe(true);
    expect(cidrContains("2001:db8::/32", "2001:db8::1")).toBe(true);
    expect(cidrContains("0.0.0.0/0", "2001:db8::1")).toBe(false);
  });
});
