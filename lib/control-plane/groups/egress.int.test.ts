// Outbound rules on a real SQLite file: every group starts with all traffic
// out, rules are added and revoked (by rule or id) with EC2's errors, they
// hold a group that is named in them, and between instances the sender's
// outbound rules decide as much as the receiver's inbound ones.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { createSecurityGroup, deleteSecurityGroup, describeSecurityGroups, authorizeIngress } from "./groups";
import { authorizeEgress, revokeEgress } from "./egress";
import { describeSecurityGroupRules } from "./rules-list";
import { checkReachability } from "./reachability";
import { launchInstances } from "../instances/launch";
import { Reconciler } from "../../reconciler/reconciler";
import { SimProvider } from "../../providers/sim";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(() => w.close());

const egressOf = async (name: string) => (await describeSecurityGroups({ ctx: w.ctx(), input: { groupNames: [name] } }))[0].egress.map((r) => [r.protocol, r.fromPort, r.toPort, r.cidr ?? r.destGroupName]).sort((a, b) => String(a).localeCompare(String(b)));

describe("outbound rules", () => {
  it("every group, the team's default one too, starts with all traffic out", async () => {
    expect(await egressOf("default")).toEqual([["all", -1, -1, "0.0.0.0/0"]]);
    await createSecurityGroup({ ctx: w.ctx(), input: { name: "web", description: "web" } });
    expect(await egressOf("web")).toEqual([["all", -1, -1, "0.0.0.0/0"]]);
    const [vpc] = await w.db.vpc.findMany({ where: { teamId: w.team.id } });
    expect((await describeSecurityGroups({ ctx: w.ctx(), input: { groupNames: ["web"] } }))[0].vpcId).toBe(vpc.id);
  });

  it("authorize and revoke, by rule and by id; duplicates and missing rules refused; audited", async () => {
    const ctx = w.ctx("operator");
    const g = await createSecurityGroup({ ctx, input: { name: "app", description: "app" } });
    await revokeEgress({ ctx, input: { groupId: g.groupId, rules: [{ protocol: "-1", cidr: "0.0.0.0/0" }] } });
    const added = await authorizeEgress({ ctx, input: { groupId: g.groupId, rules: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidr: "10.0.0.0/8", description: "api" }, { protocol: "udp", fromPort: "53", destGroup: "default" }] } });
    expect(added.ruleIds).toHaveLength(2);
    expect(await egressOf("app")).toEqual([["tcp", 443, 443, "10.0.0.0/8"], ["udp", 53, 53, "default"]]);
    await expect(authorizeEgress({ ctx, input: { groupId: g.groupId, rules: [{ protocol: "tcp", fromPort: 443, cidr: "10.0.0.0/8" }] } })).rejects.toMatchObject({ code: "InvalidPermission.Duplicate" });
    await expect(authorizeEgress({ ctx, input: { groupId: g.groupId, rules: [{ protocol: "tcp", fromPort: 1, cidr: "10.1.2.3/8" }] } })).rejects.toMatchObject({ code: "InvalidParameterValue", field: "rules.0.cidr" });
    await expect(authorizeEgress({ ctx, input: { groupId: g.groupId, rules: [{ protocol: "tcp", fromPort: 1 }] } })).rejects.toMatchObject({ field: "rules.0.cidr", message: expect.stringContaining("where traffic may go") });
    await expect(revokeEgress({ ctx, input: { groupId: g.groupId, rules: [{ protocol: "tcp", fromPort: 80, cidr: "0.0.0.0/0" }] } })).rejects.toMatchObject({ code: "InvalidPermission.NotFound" });
    const rules = await describeSecurityGroupRules({ ctx, input: { groupIds: [g.groupId] } });
    expect(rules.map((r) => [r.isEgress, r.protocol, r.fromPort]).sort()).toEqual([[true, "tcp", 443], [true, "udp", 53]]);
    const tcp = rules.find((r) => r.protocol === "tcp")!;
    await revokeEgress({ ctx, input: { groupId: g.groupId, ruleIds: [tcp.id] } });
    await expect(revokeEgress({ ctx, input: { groupId: g.groupId, ruleIds: [tcp.id] } })).rejects.toMatchObject({ code: "InvalidSecurityGroupRuleId.NotFound" });
    expect(await egressOf("app")).toEqual([["udp", 53, 53, "default"]]);
    await expect(authorizeEgress({ ctx: w.ctx("viewer"), input: { groupId: g.groupId, rules: [{ protocol: "all", cidr: "0.0.0.0/0" }] } })).rejects.toMatchObject({ code: "UnauthorizedOperation" });
    const audit = await w.db.auditEvent.findMany({ where: { action: { in: ["AuthorizeSecurityGroupEgress", "RevokeSecurityGroupEgress"] } }, orderBy: { id: "asc" } });
    expect(audit.filter((a) => a.result === "success").map((a) => a.details)).toContain("ALLOWS tcp 443 443 TO CIDR 10.0.0.0/8; ALLOWS udp 53 53 TO GRPNAME default");
    expect(audit.filter((a) => a.result === "UnauthorizedOperation")).toHaveLength(1);
  });

  it("a group named in another's outbound rule can't be deleted; its own rules go with it", async () => {
    const ctx = w.ctx();
    const db = await createSecurityGroup({ ctx, input: { name: "db", description: "db" } });
    const app = await createSecurityGroup({ ctx, input: { name: "app", description: "app" } });
    await authorizeEgress({ ctx, input: { groupId: app.groupId, rules: [{ protocol: "tcp", fromPort: 5432, destGroup: "db" }] } });
    await expect(deleteSecurityGroup({ ctx, input: { groupId: db.groupId } })).rejects.toMatchObject({ code: "DependencyViolation", message: expect.stringContaining("app") });
    await deleteSecurityGroup({ ctx, input: { groupId: app.groupId } });
    expect(await w.db.securityGroupEgress.count({ where: { groupId: app.groupId } })).toBe(0);
    await deleteSecurityGroup({ ctx, input: { groupId: db.groupId } });
  });

  it("between instances, the sender's outbound rules decide too", async () => {
    const ctx = w.ctx();
    await createSecurityGroup({ ctx, input: { name: "web", description: "web" } });
    await createSecurityGroup({ ctx, input: { name: "client", description: "client" } });
    await authorizeIngress({ ctx, input: { groupName: "web", rules: [{ protocol: "tcp", fromPort: 80, cidr: "172.31.0.0/16" }] } });
    const web = (await launchInstances({ ctx, input: { imageId: "ami-f937d290", securityGroups: ["web"] } })).instances[0].id;
    const client = (await launchInstances({ ctx, input: { imageId: "ami-f937d290", securityGroups: ["client"] } })).instances[0].id;
    w.clock.advance(90);
    await new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]])).tick();
    const ask = () => checkReachability({ ctx, input: { instanceId: web, source: { kind: "instance", instanceId: client }, protocol: "tcp", port: 80 } });
    expect(await ask()).toMatchObject({ reachable: true });
    await revokeEgress({ ctx, input: { groupName: "client", rules: [{ protocol: "all", cidr: "0.0.0.0/0" }] } });
    expect(await ask()).toMatchObject({ reachable: false, reason: "egress", summary: expect.stringContaining("allow nothing out") });
    await authorizeEgress({ ctx, input: { groupName: "client", rules: [{ protocol: "tcp", fromPort: 443, cidr: "0.0.0.0/0" }] } });
    expect(await ask()).toMatchObject({ reachable: false, summary: expect.stringContaining("They allow tcp 443 to 0.0.0.0/0") });
    await authorizeEgress({ ctx, input: { groupName: "client", rules: [{ protocol: "tcp", fromPort: 80, destGroup: "web" }] } });
    expect(await ask()).toMatchObject({ reachable: true });
  });
});
