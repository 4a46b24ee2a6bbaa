import { describe, expect, it } from "vitest";
import type { IncomingMessage } from "node:http";
import { clientAddress, stampClientAddress, trustedProxies, CLIENT_IP_HEADER } from "./client-address.mjs";

const req = (peer: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress: peer }, connection: { remoteAddress: peer }, headers: { ...headers } }) as unknown as IncomingMessage;

describe("the client's address", () => {
  it("ignores X-Forwarded-For from anyone not named in STRATUS_TRUSTED_PROXIES", () => {
    const none = trustedProxies("");
    expect(clientAddress(req("203.0.113.9", { "x-forwarded-for": "1.2.3.4" }), none)).toBe("203.0.113.9");
    expect(clientAddress(req("::ffff:127.0.0.1", { "x-forwarded-for": "1.2.3.4" }), none)).toBe("127.0.0.1");
  });

  it("believes a trusted proxy, walking back to the first address it doesn't trust", () => {
    const trust = trustedProxies("10.0.0.0/8, 127.0.0.1");
    expect(clientAddress(req("127.0.0.1", { "x-forwarded-for": "198.51.100.7" }), trust)).toBe("198.51.100.7");
    // A client can't hide behind a forged entry to the left: the rightmost untrusted one wins.
    expect(clientAddress(req("127.0.0.1", { "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.1.2.3" }), trust)).toBe("198.51.100.7");
    expect(clientAddress(req("192.0.2.1", { "x-forwarded-for": "198.51.100.7" }), trust)).toBe("192.0.2.1");
  });

  it("stamps the believed address and drops forwarding headers from an untrusted peer", () => {
    const r = req("192.0.2.1", { "x-forwarded-for": "6.6.6.6", "x-real-ip": "6.6.6.6", "x-forwarded-proto": "https", [CLIENT_IP_HEADER]: "6.6.6.6" });
    stampClientAddress(r, trustedProxies("loopback"));
    expect(r.headers).toEqual({ [CLIENT_IP_HEADER]: "192.0.2.1" });
    const viaProxy = req("127.0.0.1", { "x-forwarded-for": "198.51.100.7", "x-forwarded-proto": "https" });
    stampClientAddress(viaProxy, trustedProxies("loopback"));
    expect(viaProxy.headers).toMatchObject({ [CLIENT_IP_HEADER]: "198.51.100.7", "x-forwarded-proto": "https" });
  });

  it("refuses a malformed setting, naming it", () => {
    expect(() => trustedProxies("10.0.0.0/33")).toThrow(/STRATUS_TRUSTED_PROXIES/);
    expect(() => trustedProxies("not-an-address")).toThrow(/STRATUS_TRUSTED_PROXIES/);
  });
});
