// The bus: what this process publishes is delivered here and relayed; what
// another replica sent is delivered here only, with its origin.
import { describe, expect, it } from "vitest";
import { createBus, type RelayedEventName } from "./events";

describe("the event bus", () => {
  it("delivers a published event locally (from null) and hands relayed kinds to the relay", () => {
    const bus = createBus();
    const seen: [unknown, string | null][] = [];
    const relayed: [RelayedEventName, unknown][] = [];
    bus.on("instances", (ids, from) => seen.push([ids, from]));
    const detach = bus.relay((name, payload) => relayed.push([name, payload]));
    bus.publish("instances", ["i-1"]);
    bus.publish("refresh", null);
    expect(seen).toEqual([[["i-1"], null]]);
    expect(relayed).toEqual([["instances", ["i-1"]]]);
    detach();
    bus.publish("instances", ["i-2"]);
    expect(relayed).toHaveLength(1);
  });

  it("delivers another replica's event here only, with its origin", () => {
    const bus = createBus();
    const seen: [unknown, string | null][] = [];
    const relayed: unknown[] = [];
    bus.relay((name) => relayed.push(name));
    const off = bus.on("groups", (ids, from) => seen.push([ids, from]));
    bus.deliver("groups", ["sg-1"], "replica-b");
    expect(seen).toEqual([[["sg-1"], "replica-b"]]);
    expect(relayed).toEqual([]);
    off();
    expect(bus.listenerCount("groups")).toBe(0);
  });
});
