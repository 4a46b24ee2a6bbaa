import { afterEach, beforeEach, describe, expect, it } from "vitest";
import net from "node:net";
import dgram from "node:dgram";
import { Nat, wantedPorts, MAX_PORTS_PER_RULE, type Forwarder } from "./nat";
import type { EnforcedRule } from "../types";

// A "guest": an echo server per port, standing in for QEMU's hostfwd.
let guests: (net.Server | dgram.Socket)[] = [];
const forwarder: Forwarder = {
  async open(protocol) {
    if (protocol === "udp") {
      const s = dgram.createSocket("udp4");
      s.on("message", (m, from) => s.send(Buffer.concat([Buffer.from("echo:"), m]), from.port, from.address));
      await new Promise<void>((r) => s.bind(0, "127.0.0.1", () => r()));
      guests.push(s);
      return s.address().port;
    }
    const s = net.createServer((c) => c.pipe(c));
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
    guests.push(s);
    return (s.address() as net.AddressInfo).port;
  },
  async close() {},
};

let bytes = { in: 0, out: 0 };
let nat: Nat;
beforeEach(() => {
  bytes = { in: 0, out: 0 };
  nat = new Nat("127.0.0.1", forwarder, { add: (i, o) => ((bytes.in += i), (bytes.out += o)) });
});
afterEach(async () => {
  await nat.close();
  for (const g of guests) g instanceof net.Server ? g.close() : g.close();
  guests = [];
});

const rule = (protocol: EnforcedRule["protocol"], from: number, to: number, cidrs: string[]): EnforcedRule => ({ protocol, fromPort: from, toPort: to, cidrs, ruleId: `r-${from}` });

function talk(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, "127.0.0.1", () => c.end(text));
    let got = "";
    c.on("data", (b) => (got += b));
    c.on("close", () => resolve(got));
    c.on("error", reject);
  });
}

describe("the NAT firewall", () => {
  it("opens a port per allowed TCP/UDP port, never for icmp or all, and caps wide ranges", () => {
    const w = wantedPorts([rule("tcp", 22, 22, ["0.0.0.0/0"]), rule("tcp", 22, 22, ["10.0.0.0/8"]), rule("udp", 53, 53, ["0.0.0.0/0"]), rule("icmp", -1, -1, ["0.0.0.0/0"]), rule("all", 0, 65535, ["10.1.2.3/32"]), rule("tcp", 1000, 2000, ["0.0.0.0/0"])]);
    expect(w.get("tcp/22")?.cidrs).toEqual(["0.0.0.0/0", "10.0.0.0/8"]);
    expect(w.has("udp/53")).toBe(true);
    expect([...w.keys()].filter((k) => k.startsWith("tcp/1")).length).toBe(MAX_PORTS_PER_RULE);
    expect(w.size).toBe(2 + MAX_PORTS_PER_RULE);
  });

  it("forwards within the CIDR, refuses outside it, counts bytes, and closes on revoke, cutting open connections", async () => {
    await nat.apply([rule("tcp", 80, 80, ["127.0.0.0/8"])]);
    const [m] = nat.mappings();
    expect(m).toMatchObject({ protocol: "tcp", guestPort: 80, hostAddress: "127.0.0.1" });
    expect(await talk(m.hostPort, "hello")).toBe("hello");
    expect(bytes).toEqual({ in: 5, out: 5 });

    // Narrowed to a CIDR that loopback is outside of: refused.
    await nat.apply([rule("tcp", 80, 80, ["192.0.2.0/24"])]);
    await expect(talk(m.hostPort, "x")).rejects.toMatchObject({ code: "ECONNRESET" });

    // An open connection is cut when the rule is revoked, and the port closes.
    await nat.apply([rule("tcp", 80, 80, ["0.0.0.0/0"])]);
    const open = net.connect(m.hostPort, "127.0.0.1");
    await new Promise((r) => open.once("connect", r));
    open.write("ping");
    await new Promise((r) => open.once("data", r));
    const closed = new Promise((r) => open.once("close", r));
    await nat.apply([]);
    await closed;
    expect(nat.mappings()).toEqual([]);
    await expect(talk(m.hostPort, "x")).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("relays UDP both ways", async () => {
    await nat.apply([rule("udp", 53, 53, ["0.0.0.0/0"])]);
    const [m] = nat.mappings();
    const c = dgram.createSocket("udp4");
    const reply = new Promise<string>((r) => c.once("message", (b) => r(String(b))));
    c.send("q", m.hostPort, "127.0.0.1");
    expect(await reply).toBe("echo:q");
    c.close();
    expect(bytes).toEqual({ in: 1, out: 6 });
  });
});
