import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { createSecurityGroup, deleteSecurityGroup, authorizeIngress, revokeIngress, describeSecurityGroups } from "./groups";
import { checkReachability } from "./reachability";
import { launchInstances } from "../instances/launch";
import { terminateInstances } from "../instances/actions";
import { getInstance } from "../instances/list";
import { Reconciler } from "../../reconciler/reconciler";
import { FirewallSync } from "../../reconciler/firewall";
import { SimProvider } from "../../providers/sim";

let w: TestWorld;
let sim: SimProvider;
let fw: FirewallSync;
beforeEach(async () => {
  w = await testWorld();
  sim = new SimProvider();
  fw = new FirewallSync(w.db, w.clock, new Map([["sim", sim]]));
  fw.start();
});
afterEach(async () => {
  fw.stop();
  await w.close();
});

const boot = async () => {
  w.clock.advance(90);
  await new Reconciler(w.db, w.clock, new Map([["sim", sim]])).tick();
};
const web = (cidr = "0.0.0.0/0") => [22, 80, 443].map((p) => ({ protocol: "tcp", fromPort: p, toPort: p, cidr }));

describe("security groups", () => {
  it("the default group exists, allows its own members, and can't be deleted", async () => {
    const [g] = await describeSecurityGroups({ ctx: w.ctx(), input: {} });
    expect(g).toMatchObject({ name: "default", rules: [{ protocol: "all", sourceGroupId: g.id, line: "ALLOWS all FROM GRPNAME default" }] });
    await expect(deleteSecurityGroup({ ctx: w.ctx(), input: { groupName: "default" } })).rejects.toMatchObject({ code: "CannotDelete" });
  });

  it("authorizes several rules at once and refuses duplicates, naming the existing rule", async () => {
    const ctx = w.ctx("operator");
    const { groupId } = await createSecurityGroup({ ctx, input: { name: "webserver", description: "web" } });
    const r = await authorizeIngress({ ctx, input: { groupName: "webserver", rules: web() } });
    expect(r.ruleIds).toHaveLength(3);
    const err = await authorizeIngress({ ctx, input: { groupId, rules: [{ protocol: "tcp", fromPort: "22", cidr: "0.0.0.0/0" }] } }).catch((e) => e);
    expect(err).toMatchObject({ code: "InvalidPermission.Duplicate" });
    expect(err.message).toContain(`"ALLOWS tcp 22 22 FROM CIDR 0.0.0.0/0" already exists in webserver (${r.ruleIds[0]})`);
    await expect(authorizeIngress({ ctx, input: { groupId, rules: [{ protocol: "udp", fromPort: 53, cidr: "0.0.0.0/0" }, { protocol: "udp", fromPort: 53, cidr: "0.0.0.0/0" }] } })).rejects.toMatchObject({ code: "InvalidPermission.Duplicate", message: expect.stringContaining("given twice") });
    // nothing half-added: the refused request left three rules
    expect((await describeSecurityGroups({ ctx, input: { groupIds: [groupId] } }))[0].rules).toHaveLength(3);
  });

  it("refuses bad rules with the field at fault", async () => {
    const ctx = w.ctx();
    await createSecurityGroup({ ctx, input: { name: "g", description: "g" } });
    const bad = async (rule: object) => authorizeIngress({ ctx, input: { groupName: "g", rules: [rule as never] } }).catch((e) => e);
    expect(await bad({ protocol: "sctp", fromPort: 1, cidr: "0.0.0.0/0" })).toMatchObject({ field: "rules.0.protocol" });
    expect(await bad({ protocol: "tcp", fromPort: 1, cidr: "10.0.0.300/8" })).toMatchObject({ field: "rules.0.cidr" });
    expect(await bad({ protocol: "tcp", fromPort: 1, cidr: "10.1.0.0/8" })).toMatchObject({ field: "rules.0.cidr", message: expect.stringContaining("Use 10.0.0.0/8") });
    const other = await w.addTeam("Other");
    const [theirs] = await describeSecurityGroups({ ctx: w.ctx("admin", other), input: {} });
    expect(await bad({ protocol: "tcp", fromPort: 1, sourceGroup: theirs.id })).toMatchObject({ code: "InvalidGroup.NotFound" });
    await expect(createSecurityGroup({ ctx, input: { name: "g", description: "again" } })).rejects.toMatchObject({ code: "InvalidGroup.Duplicate" });
    await expect(revokeIngress({ ctx, input: { groupName: "g", rules: [{ protocol: "tcp", fromPort: 22, cidr: "0.0.0.0/0" }] } })).rejects.toMatchObject({ code: "InvalidPermission.NotFound" });
  });

  it("won't delete a group in use, naming the instances; will once they are gone", async () => {
    const ctx = w.ctx();
    await createSecurityGroup({ ctx, input: { name: "busy", description: "busy" } });
    const r = await launchInstances({ ctx, input: { imageId: "ami-f937d290", securityGroups: ["busy"] } });
    const err = await deleteSecurityGroup({ ctx, input: { groupName: "busy" } }).catch((e) => e);
    expect(err).toMatchObject({ code: "DependencyViolation" });
    expect(err.message).toContain(r.instances[0].id);
    await terminateInstances({ ctx, input: { instanceIds: [r.instances[0].id] } });
    w.clock.advance(20);
    await new Reconciler(w.db, w.clock, new Map([["sim", sim]])).tick();
    await expect(deleteSecurityGroup({ ctx, input: { groupName: "busy" } })).resolves.toBeTruthy();
  });

  it("changes reach the provider's firewall at once; revoke closes the port", async () => {
    const ctx = w.ctx();
    const { groupId } = await createSecurityGroup({ ctx, input: { name: "webserver", description: "web" } });
    const r = await launchInstances({ ctx, input: { imageId: "ami-f937d290", securityGroups: ["webserver", "default"] } });
    const id = r.instances[0].id;
    await boot();
    await fw.idle();
    expect(sim.firewall.get(id)?.rules.map((x) => x.protocol)).toEqual(["all"]);
    await authorizeIngress({ ctx, input: { groupId, rules: web() } });
    await fw.idle();
    const ports = () => sim.firewall.get(id)!.rules.filter((x) => x.protocol === "tcp").map((x) => x.fromPort).sort((a, b) => a - b);
    expect(ports()).toEqual([22, 80, 443]);
    await revokeIngress({ ctx, input: { groupId, rules: [{ protocol: "tcp", fromPort: 80, cidr: "0.0.0.0/0" }] } });
    await fw.idle();
    expect(ports()).toEqual([22, 443]);
    // the default group's "members of default" rule resolves to the members' addresses
    const all = sim.firewall.get(id)!.rules.find((x) => x.protocol === "all")!;
    expect(all.cidrs).toEqual([`${r.instances[0].privateIp}/32`]);
  });

  it("a member coming up or going away updates its group's source addresses everywhere; a launch alone changes nothing", async () => {
    const ctx = w.ctx();
    const first = await launchInstances({ ctx, input: { imageId: "ami-f937d290" } });
    const a = first.instances[0];
    await boot();
    await fw.idle();
    const cidrsOf = (id: string) => sim.firewall.get(id)?.rules.find((x) => x.protocol === "all")?.cidrs.slice().sort();
    expect(cidrsOf(a.id)).toEqual([`${a.privateIp}/32`]);
    const applied: string[] = [];
    const apply = sim.applyFirewall.bind(sim);
    sim.applyFirewall = async (id, rules, at) => {
      applied.push(id);
      return apply(id, rules, at);
    };
    // Pending instances aren't members yet: nothing is pushed.
    const second = await launchInstances({ ctx, input: { imageId: "ami-f937d290" } });
    const b = second.instances[0];
    await fw.idle();
    expect(applied).toEqual([]);
    // b runs: both instances now allow each other.
    await boot();
    await fw.idle();
    expect(applied.sort()).toEqual([a.id, b.id].sort());
    expect(cidrsOf(a.id)).toEqual([`${a.privateIp}/32`, `${b.privateIp}/32`].sort());
    expect(cidrsOf(b.id)).toEqual(cidrsOf(a.id));
    // b terminates: a no longer allows it, and b's rules are gone from the provider.
    await terminateInstances({ ctx, input: { instanceIds: [b.id] } });
    await boot();
    await fw.idle();
    expect(cidrsOf(a.id)).toEqual([`${a.privateIp}/32`]);
    expect(sim.firewall.has(b.id)).toBe(false);
  });

  it("explains reachability from the instance's effective rules", async () => {
    const ctx = w.ctx();
    await createSecurityGroup({ ctx, input: { name: "webserver", description: "web" } });
    await authorizeIngress({ ctx, input: { groupName: "webserver", rules: web() } });
    const r = await launchInstances({ ctx, input: { imageId: "ami-f937d290", minCount: 2, securityGroups: ["webserver"] } });
    const [a, b] = r.instances.map((i) => i.id);
    await boot();
    const detail = await getInstance({ ctx, input: { instanceId: a } });
    expect(detail.inboundRules.map((x) => x.line)).toEqual(["ALLOWS tcp 22 22 FROM CIDR 0.0.0.0/0", "ALLOWS tcp 80 80 FROM CIDR 0.0.0.0/0", "ALLOWS tcp 443 443 FROM CIDR 0.0.0.0/0"]);
    const yes = await checkReachability({ ctx: w.ctx("viewer"), input: { instanceId: a, source: { kind: "internet" }, protocol: "tcp", port: 22 } });
    expect(yes).toMatchObject({ reachable: true, line: "ALLOWS tcp 22 22 FROM CIDR 0.0.0.0/0" });
    const no = await checkReachability({ ctx, input: { instanceId: a, source: { kind: "instance", instanceId: b }, protocol: "tcp", port: 3306 } });
    expect(no).toMatchObject({ reachable: false, reason: "port" });
    const other = await w.addTeam("Other");
    await expect(checkReachability({ ctx: w.ctx("admin", other), input: { instanceId: a, source: { kind: "internet" }, protocol: "tcp", port: 22 } })).rejects.toMatchObject({ code: "InvalidInstanceID.NotFound" });
  });
});
