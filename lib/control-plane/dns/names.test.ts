import { describe, expect, it } from "vitest";
import { isIpv4, normaliseName, recordName, zoneFor, zoneName } from "./names";

describe("DNS names", () => {
  it("normalises host names and refuses what isn't one", () => {
    expect(normaliseName("WWW.Example.COM.")).toBe("www.example.com");
    expect(normaliseName("-bad.example.com")).toBeNull();
    expect(normaliseName("a..b")).toBeNull();
    expect(normaliseName("under_score.example.com")).toBeNull();
    expect(normaliseName(`${"a".repeat(64)}.com`)).toBeNull();
    expect(normaliseName("%.example.com")).toBeNull();
  });
  it("takes record names relative to the zone, @ for its apex, or in full inside it", () => {
    expect(recordName("www", "example.com")).toBe("www.example.com");
    expect(recordName("@", "example.com")).toBe("example.com");
    expect(recordName("www.example.com.", "example.com")).toBe("www.example.com");
    expect(recordName("a.b", "example.com")).toBe("a.b.example.com");
    expect(() => recordName("www.other.org.", "example.com")).toThrow(/outside the zone/);
    expect(() => zoneName("localhost")).toThrow(/not a domain name/);
  });
  it("finds the most specific zone of a query name", () => {
    const zones = ["example.com", "lab.example.com"];
    expect(zoneFor("www.lab.example.com", zones)).toBe("lab.example.com");
    expect(zoneFor("www.example.com", zones)).toBe("example.com");
    expect(zoneFor("notexample.com", zones)).toBeNull();
  });
  it("knows a dotted-quad address", () => {
    expect(isIpv4("192.0.2.1")).toBe(true);
    expect(isIpv4("192.0.2.256")).toBe(false);
    expect(isIpv4("010.0.0.1")).toBe(false);
  });
});
