import { describe, expect, it } from "vitest";
import { normaliseRule, ruleKey, authorizeLine, explainReachability, type GroupRule, type Source, type Target } from "./rules";

describe("rule normalisation", () => {
  it("normalises protocols, ports and sources", () => {
    expect(normaliseRule({ protocol: "TCP", fromPort: "22", cidr: "0.0.0.0/0" })).toEqual({ ok: true, rule: { protocol: "tcp", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0", sourceGroupId: null } });
    expect(normaliseRule({ protocol: "-1", fromPort: 5, toPort: 9, sourceGroupId: "sg-1" })).toEqual({ ok: true, rule: { protocol: "all", fromPort: -1, toPort: -1, cidr: null, sourceGroupId: "sg-1" } });
    expect(normaliseRule({ protocol: "icmp", cidr: "10.0.0.0/8" })).toMatchObject({ ok: true, rule: { fromPort: -1, toPort: -1 } });
    expect(normaliseRule({ protocol: "6", fromPort: 6000, toPort: 6010, cidr: "10.0.0.0/8" })).toMatchObject({ ok: true, rule: { protocol: "tcp", fromPort: 6000, toPort: 6010 } });
  });

  it.each([
    [{ protocol: "gre", fromPort: 1, cidr: "0.0.0.0/0" }, "protocol", "Unknown protocol"],
    [{ protocol: "tcp", fromPort: 70000, cidr: "0.0.0.0/0" }, "fromPort", "0 to 65535"],
    [{ protocol: "tcp", fromPort: -1, cidr: "0.0.0.0/0" }, "fromPort", "0 to 65535"],
    [{ protocol: "tcp", fromPort: 90, toPort: 80, cidr: "0.0.0.0/0" }, "toPort", "runs backwards"],
    [{ protocol: "tcp", cidr: "0.0.0.0/0" }, "fromPort", "needs a port"],
    [{ protocol: "icmp", fromPort: -1, toPort: 3, cidr: "0.0.0.0/0" }, "toPort", "needs a type"],
    [{ protocol: "icmp", fromPort: 300, cidr: "0.0.0.0/0" }, "fromPort", "ICMP type"],
    [{ protocol: "tcp", fromPort: 22, cidr: "10.0.0.300/8" }, "cidr", "0 to 255"],
    [{ protocol: "tcp", fromPort: 22, cidr: "10.0.0.0/33" }, "cidr", "0 to 32"],
    [{ protocol: "tcp", fromPort: 22, cidr: "10.0.0.5/8" }, "cidr", "host bits"],
    [{ protocol: "tcp", fromPort: 22 }, "source", "Say where traffic may come from"],
    [{ protocol: "tcp", fromPort: 22, cidr: "0.0.0.0/0", sourceGroupId: "sg-1" }, "source", "not both"],
  ])("refuses %o at %s", (input, field, message) => {
    const r = normaliseRule(input);
    expect(r).toMatchObject({ ok: false, field });
    expect(!r.ok && r.message).toContain(message);
  });

  it("gives the same key to the same rule however it was written", () => {
    const a = normaliseRule({ protocol: "tcp", fromPort: 22, cidr: "0.0.0.0/0" });
    const b = normaliseRule({ protocol: "6", fromPort: "22", toPort: 22, cidr: " 0.0.0.0/0" });
    const c = normaliseRule({ protocol: "tcp", fromPort: 22, cidr: "0.0.0.0/1" });
    expect(a.ok && b.ok && ruleKey(a.rule) === ruleKey(b.rule)).toBe(true);
    expect(a.ok && c.ok && ruleKey(a.rule) === ruleKey(c.rule)).toBe(false);
  });

  it("prints the ec2-authorize line", () => {
    expect(authorizeLine({ protocol: "tcp", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0", sourceGroupId: null })).toBe("ALLOWS tcp 22 22 FROM CIDR 0.0.0.0/0");
    expect(authorizeLine({ protocol: "all", fromPort: -1, toPort: -1, cidr: null, sourceGroupId: "sg-1" }, () => "default")).toBe("ALLOWS all FROM GRPNAME default");
  });
});

describe("reachability", () => {
  const rule = (groupId: string, groupName: string, p: Partial<GroupRule>): GroupRule => ({ id: `sgr-${Math.random()}`, groupId, groupName, protocol: "tcp", fromPort: 0, toPort: 0, cidr: null, sourceGroupId: null, ...p });
  const web = [
    rule("sg-web", "webserver", { fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" }),
    rule("sg-web", "webserver", { fromPort: 80, toPort: 80, cidr: "0.0.0.0/0" }),
    rule("sg-web", "webserver", { fromPort: 443, toPort: 443, cidr: "0.0.0.0/0" }),
    rule("sg-web", "webserver", { fromPort: 3306, toPort: 3306, cidr: "10.0.0.0/8" }),
    rule("sg-web", "webserver", { fromPort: 5432, toPort: 5432, cidr: "198.51.100.0/24" }),
    rule("sg-web", "webserver", { fromPort: 5432, toPort: 5432, cidr: "198.51.100.128/25" }), // overlapping
    rule("sg-default", "default", { protocol: "all", fromPort: -1, toPort: -1, sourceGroupId: "sg-default" }),
  ];
  const target: Target = { id: "i-target", state: "running", privateIp: "10.1.2.3", publicIp: "203.0.113.7" };
  const peer = (groups: string[], state = "running"): Source => ({ kind: "instance", id: "i-peer", state, privateIp: "10.9.9.9", publicIp: "203.0.113.8", groupIds: groups });
  const names = (id: string) => ({ "sg-web": "webserver", "sg-default": "default", "sg-db": "db" })[id] ?? id;

  it.each<[string, Target, Source, { protocol: "tcp" | "udp" | "icmp"; port: number }, boolean, string]>([
    ["internet → 22", target, { kind: "internet" }, { protocol: "tcp", port: 22 }, true, "Yes: group webserver allows tcp 22 from 0.0.0.0/0, through the public address 203.0.113.7"],
    ["internet → 3306", target, { kind: "internet" }, { protocol: "tcp", port: 3306 }, false, "No: tcp port 3306 is open only to 10.0.0.0/8 and group default, and the Internet at large is outside them."],
    ["internet → 8080 (webserver only)", target, { kind: "internet" }, { protocol: "tcp", port: 8080 }, false, "No: no rule opens tcp port 8080. The instance's groups open tcp 22, tcp 80, tcp 443, tcp 3306 and tcp 5432."],
    ["internet → 8080 (with default)", target, { kind: "internet" }, { protocol: "tcp", port: 8080 }, false, "No: tcp port 8080 is open only to group default, and the Internet at large is outside it."],
    ["internet → udp", target, { kind: "internet" }, { protocol: "udp", port: 53 }, false, "none"],
    ["ip inside overlap → 5432", target, { kind: "ip", ip: "198.51.100.200" }, { protocol: "tcp", port: 5432 }, true, "198.51.100.0/24"],
    ["ip outside → 5432", target, { kind: "ip", ip: "198.51.99.1" }, { protocol: "tcp", port: 5432 }, false, "open only to 198.51.100.0/24, 198.51.100.128/25 and group default, and 198.51.99.1 is outside them."],
    ["private ip → 3306", target, { kind: "ip", ip: "10.200.0.1" }, { protocol: "tcp", port: 3306 }, true, "over the private network"],
    ["peer in default → anything", target, peer(["sg-default"]), { protocol: "udp", port: 9999 }, true, "from members of group default"],
    ["peer outside default → 3306 by CIDR", target, peer(["sg-db"]), { protocol: "tcp", port: 3306 }, true, "10.0.0.0/8"],
    ["peer outside default → 9999", target, peer(["sg-db"]), { protocol: "tcp", port: 9999 }, false, "open only to group default"],
    ["stopped peer", target, peer(["sg-default"], "stopped"), { protocol: "tcp", port: 22 }, false, "the source i-peer is stopped"],
    ["stopped target", { ...target, state: "stopped" }, { kind: "internet" }, { protocol: "tcp", port: 22 }, false, "i-target is stopped"],
    ["no public address", { ...target, publicIp: null }, { kind: "internet" }, { protocol: "tcp", port: 22 }, false, "has no public address"],
  ])("%s", (_label, t, source, q, reachable, text) => {
    const rules = _label === "internet → udp" || _label.includes("webserver only") ? web.filter((r) => r.protocol === "tcp") : web;
    const a = explainReachability(t, source, q, rules, names);
    expect(a.reachable).toBe(reachable);
    if (text !== "none") expect(a.summary).toContain(text);
    else expect(a).toMatchObject({ reason: "protocol", summary: "No: no rule allows udp at all; the instance's groups allow only tcp." });
  });

  it("names the open ports in port order, not in the order the rules were added", () => {
    const added = [...web.filter((r) => r.protocol === "tcp")].reverse();
    expect(explainReachability(target, { kind: "internet" }, { protocol: "tcp", port: 8080 }, added, names).summary).toBe(
      "No: no rule opens tcp port 8080. The instance's groups open tcp 22, tcp 80, tcp 443, tcp 3306 and tcp 5432.",
    );
  });

  it("answers yes with the rule and its line", () => {
    const a = explainReachability(target, { kind: "internet" }, { protocol: "tcp", port: 443 }, web, names);
    expect(a).toMatchObject({ reachable: true, line: "ALLOWS tcp 443 443 FROM CIDR 0.0.0.0/0", via: "public" });
  });

  it("handles ICMP types", () => {
    const ping = [rule("sg-web", "webserver", { protocol: "icmp", fromPort: 8, toPort: -1, cidr: "0.0.0.0/0" })];
    expect(explainReachability(target, { kind: "internet" }, { protocol: "icmp", port: 8 }, ping).reachable).toBe(true);
    expect(explainReachability(target, { kind: "internet" }, { protocol: "icmp", port: 13 }, ping).reachable).toBe(false);
  });
});
