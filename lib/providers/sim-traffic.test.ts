// What the simulated firewall lets in, as the traffic model sees it.
import { describe, expect, it } from "vitest";
import { firewallFacts } from "./sim-traffic";
import type { EnforcedRule } from "./types";

const rule = (protocol: EnforcedRule["protocol"], fromPort: number, toPort: number, cidrs: string[]): EnforcedRule => ({ protocol, fromPort, toPort, cidrs, ruleId: `r-${protocol}-${fromPort}` });

describe("firewall facts", () => {
  it("tells the Internet, the web ports and peers apart", () => {
    expect(firewallFacts(undefined)).toEqual({ internetOpen: false, webOpen: false, peersOpen: false });
    expect(firewallFacts([rule("tcp", 80, 80, ["0.0.0.0/0"])])).toEqual({ internetOpen: true, webOpen: true, peersOpen: false });
    expect(firewallFacts([rule("tcp", 22, 22, ["203.0.113.0/24"])])).toEqual({ internetOpen: true, webOpen: false, peersOpen: false });
    expect(firewallFacts([rule("icmp", -1, -1, ["0.0.0.0/0"])])).toEqual({ internetOpen: false, webOpen: false, peersOpen: false });
    expect(firewallFacts([rule("all", 0, 65535, ["172.31.0.5/32", "172.31.0.6/32"])])).toEqual({ internetOpen: false, webOpen: false, peersOpen: true });
    expect(firewallFacts([rule("tcp", 443, 443, ["10.0.0.0/8", "198.51.100.7/32"])])).toEqual({ internetOpen: true, webOpen: true, peersOpen: true });
  });

  it("answers alike for every member sharing a group's address list, whatever was asked before", () => {
    const members = Array.from({ length: 200 }, (_, i) => `172.31.${i >> 8}.${i & 255}/32`);
    const group = rule("all", 0, 65535, members);
    const open = rule("tcp", 80, 80, ["0.0.0.0/0"]);
    for (let i = 0; i < 200; i++) expect(firewallFacts(i % 2 ? [group] : [group, open])).toEqual({ internetOpen: i % 2 === 0, webOpen: i % 2 === 0, peersOpen: true });
    // A new list (the firewall resynced) is judged afresh.
    expect(firewallFacts([rule("tcp", 22, 22, ["198.51.100.9/32"])])).toEqual({ internetOpen: true, webOpen: false, peersOpen: false });
  });
});
