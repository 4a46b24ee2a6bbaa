// The NOTIFY wire format: one payload per event when it fits, id lists split
// under PostgreSQL's 8000-byte limit, a refresh when even that is too much.
import { describe, expect, it } from "vitest";
import { decodeEvent, encodeEvent, MAX_CHUNKS, MAX_PAYLOAD_BYTES } from "./fanout";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);

describe("fan-out payloads", () => {
  it("a small event is one payload that decodes to itself", () => {
    const [p, ...rest] = encodeEvent("r1", "instances", ["i-1", "i-2"]);
    expect(rest).toEqual([]);
    expect(decodeEvent(p)).toEqual({ r: "r1", k: "instances", d: ["i-1", "i-2"] });
    expect(decodeEvent(encodeEvent("r1", "access-keys", null)[0])).toEqual({ r: "r1", k: "access-keys", d: null });
    expect(decodeEvent(encodeEvent("r1", "clock", { simMs: 5, speed: 60 })[0])).toEqual({ r: "r1", k: "clock", d: { simMs: 5, speed: 60 } });
  });

  it("5,000 ids: split into payloads under 8000 bytes that together carry every id, in order", () => {
    const all = ids(5000);
    const payloads = encodeEvent("replica-a", "instances", all);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(payloads.flatMap((p) => (decodeEvent(p) as { d: string[] }).d)).toEqual(all);
  });

  it("more than fits in the chunk budget: one refresh instead", () => {
    const payloads = encodeEvent("r1", "instances", ids(MAX_CHUNKS * 400));
    expect(payloads).toHaveLength(1);
    expect(decodeEvent(payloads[0])).toEqual({ r: "r1", k: "refresh" });
  });

  it("what it can't read is ignored: unknown events, bad shapes, bad JSON", () => {
    expect(decodeEvent(`{"r":"x","k":"reboot-everything","d":[]}`)).toBeNull();
    expect(decodeEvent(`{"r":"x","k":"instances","d":[1,2]}`)).toBeNull();
    expect(decodeEvent(`{"r":"x","k":"clock","d":{"speed":"fast"}}`)).toBeNull();
    expect(decodeEvent(`{"k":"instances","d":[]}`)).toBeNull();
    expect(decodeEvent(`not json`)).toBeNull();
  });
});
