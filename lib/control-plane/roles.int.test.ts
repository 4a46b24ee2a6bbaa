// Every verb × every role: a role without the permission is refused with
// UnauthorizedOperation before anything happens (and the attempt is audited);
// a role with it gets past the check. Adding a verb without listing its
// permission here fails this test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../testing/db";
import { registry } from "./index";
import { ROLES, allows, type Permission } from "../auth/roles";

const EXPECTED: Record<string, Permission> = {
  DescribeImages: "images.read",
  RegisterImage: "images.write",
  DeregisterImage: "images.write",
  DescribeInstanceTypes: "instances.read",
  AddInstanceType: "types.write",
  RunInstances: "instances.launch",
  TerminateInstances: "instances.terminate",
  RebootInstances: "instances.reboot",
  StopInstances: "instances.stop",
  StartInstances: "instances.start",
  SimulateHardwareFailure: "instances.fail",
  DescribeInstances: "instances.read",
  DescribeInstance: "instances.read",
  CreateTags: "instances.tag",
  DeleteTags: "instances.tag",
  DescribeTags: "instances.read",
  DescribeTagFacets: "instances.read",
  DescribeTeamSettings: "instances.read",
  SetInstanceLimit: "settings.write",
  CreateTeam: "teams.create",
  SwitchTeam: "self.manage",
  DescribeMembers: "members.read",
  AddMember: "members.write",
  ChangeMemberRole: "members.write",
  RemoveMember: "members.write",
  InviteMember: "members.write",
  DescribeInvitations: "members.read",
  RevokeInvitation: "members.write",
  CreateAccessKey: "self.manage",
  ListAccessKeys: "self.manage",
  UpdateAccessKey: "self.manage",
  DeleteAccessKey: "self.manage",
  ChangePassword: "self.manage",
  ResetPassword: "members.write",
  DescribeAuditEvents: "audit.read",
  ExportAuditEvents: "audit.read",
  DescribeSecurityGroupNames: "groups.read",
  DescribeKeyPairNames: "keys.read",
  DescribeSecurityGroups: "groups.read",
  CreateSecurityGroup: "groups.write",
  DeleteSecurityGroup: "groups.write",
  AuthorizeSecurityGroupIngress: "groups.write",
  RevokeSecurityGroupIngress: "groups.write",
  ExplainReachability: "groups.read",
  ImportKeyPair: "keys.write",
  CreateKeyPair: "keys.write",
  DeleteKeyPair: "keys.write",
  DescribeKeyPairs: "keys.read",
  AllocateAddress: "addresses.write",
  AssociateAddress: "addresses.write",
  DisassociateAddress: "addresses.write",
  ReleaseAddress: "addresses.write",
  DescribeAddresses: "addresses.read",
  DescribeInstanceMetadata: "instances.read",
  DescribeInstancePorts: "instances.read",
  ScheduleInstanceEvent: "instances.schedule",
  CancelInstanceEvent: "instances.schedule",
  GetCostReport: "costs.read",
  DescribeBudgets: "costs.read",
  CreateBudget: "budgets.write",
  DeleteBudget: "budgets.write",
  DescribeBudgetAlerts: "costs.read",
  SetPrice: "pricebook.write",
  SetTransferOutTiers: "pricebook.write",
  SetBillingMode: "pricebook.write",
  DescribePriceBook: "costs.read",
  ExportCosts: "costs.export",
  GetInstanceCost: "costs.read",
  GetCostAndUsage: "costs.read",
  GetCostForecast: "costs.read",
  CreateLaunchTemplate: "fleets.write",
  CreateLaunchTemplateVersion: "fleets.write",
  ModifyLaunchTemplate: "fleets.write",
  DeleteLaunchTemplate: "fleets.write",
  DescribeLaunchTemplates: "fleets.read",
  DescribeLaunchTemplateVersions: "fleets.read",
  CreateAutoScalingGroup: "fleets.write",
  UpdateAutoScalingGroup: "fleets.write",
  SetDesiredCapacity: "fleets.write",
  DeleteAutoScalingGroup: "fleets.write",
  DescribeAutoScalingGroups: "fleets.read",
  DescribeAutoScalingGroup: "fleets.read",
  DescribeScalingActivities: "fleets.read",
  PutScheduledUpdateGroupAction: "fleets.write",
  DeleteScheduledAction: "fleets.write",
  DescribeScheduledActions: "fleets.read",
  StartZoneOutage: "zones.outage",
  EndZoneOutage: "zones.outage",
  DescribeZoneStatus: "instances.read",
  ReconcileInstanceGroup: "fleets.write",
  CreateHostedZone: "dns.write",
  DeleteHostedZone: "dns.write",
  ListHostedZones: "dns.read",
  ChangeResourceRecordSets: "dns.write",
  DeleteResourceRecordSet: "dns.write",
  ListResourceRecordSets: "dns.read",
  DescribeFailoverLab: "instances.read",
  DescribeClock: "instances.read",
  SetClockSpeed: "clock.warp",
  DescribeOverview: "instances.read",
  DescribeVpcs: "groups.read",
  DescribeSubnets: "groups.read",
  DescribeSecurityGroupRules: "groups.read",
  AuthorizeSecurityGroupEgress: "groups.write",
  RevokeSecurityGroupEgress: "groups.write",
  DescribeVolumes: "instances.read",
  ModifyInstanceAttribute: "instances.modify",
  ModifyInstanceMetadataOptions: "instances.modify",
};

let w: TestWorld;
beforeAll(async () => {
  w = await testWorld();
});
afterAll(() => w.close());

describe("role rules cover every verb", () => {
  it("lists exactly the registered verbs, each with its permission", () => {
    const registered = Object.fromEntries(registry.map((v) => [v.meta.name, v.meta.permission]));
    expect(registered).toEqual(EXPECTED);
  });

  for (const verb of registry) {
    for (const role of ROLES) {
      const allowed = allows(role, verb.meta.permission);
      it(`${verb.meta.name} as ${role}: ${allowed ? "passes the role check" : "UnauthorizedOperation"}`, async () => {
        const auditsBefore = await w.db.auditEvent.count();
        const instancesBefore = await w.db.instance.count();
        let code = "none";
        try {
          await verb({ ctx: w.ctx(role), input: {} as never });
        } catch (e) {
          code = (e as { code?: string }).code ?? "other";
        }
        if (allowed) expect(code).not.toBe("UnauthorizedOperation");
        else {
          expect(code).toBe("UnauthorizedOperation");
          expect(await w.db.instance.count()).toBe(instancesBefore);
          if (verb.meta.kind === "write") {
            const last = await w.db.auditEvent.findFirst({ orderBy: { id: "desc" } });
            expect(await w.db.auditEvent.count()).toBe(auditsBefore + 1);
            expect(last).toMatchObject({ action: verb.meta.name, result: "UnauthorizedOperation", actorLabel: `${role}@acme.test` });
          }
        }
      });
    }
  }
});
