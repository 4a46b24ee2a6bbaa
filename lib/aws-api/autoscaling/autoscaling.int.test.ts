// The Auto Scaling Query API and EC2's launch-template actions in-process on a
// real database (SQLite, or PostgreSQL with STRATUS_TEST_DATABASE=postgres): awsquery shapes (member lists, Result elements), errors as
// EC2 Auto Scaling gives them, and hostile values that stay harmless.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import { Hash } from "@smithy/hash-node";
import { runtimeDatabase } from "../../testing/runtime-db";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-asg-api-"));
process.env.STRATUS_DATA_DIR = dir;

let handleAws: typeof import("../handler").handleAws;
let database: Awaited<ReturnType<typeof runtimeDatabase>>;
let db: Awaited<ReturnType<typeof import("../../runtime").runtime>>["db"];
let key = { id: "", secret: "" };
let viewerKey = { id: "", secret: "" };

beforeAll(async () => {
  database = await runtimeDatabase(dir);
  ({ handleAws } = await import("../handler"));
  const { runtime } = await import("../../runtime");
  const rt = await runtime();
  db = rt.db;
  const { clock } = rt;
  const { addMember } = await import("../../control-plane/teams/members");
  const { createTeam } = await import("../../control-plane/teams/teams");
  const { createAccessKey } = await import("../../control-plane/identity/access-keys");
  const { systemCtx } = await import("../../control-plane/system");
  const team = await createTeam({ ctx: systemCtx(db, clock, { id: "", name: "" }, "test"), input: { name: "ASG" } });
  const ctx = systemCtx(db, clock, team, "test");
  const admin = await addMember({ ctx, input: { email: "asg@test.example", role: "admin", password: "asg-password-1" } });
  const viewer = await addMember({ ctx, input: { email: "asg-viewer@test.example", role: "viewer", password: "asg-password-1" } });
  const k = await createAccessKey({ ctx, input: { userId: admin.userId } });
  const v = await createAccessKey({ ctx: { ...ctx, actor: { kind: "user", id: viewer.userId, email: "asg-viewer@test.example" }, role: "viewer" }, input: { userId: viewer.userId } });
  key = { id: k.accessKeyId, secret: k.secretAccessKey };
  viewerKey = { id: v.accessKeyId, secret: v.secretAccessKey };
});
afterAll(async () => {
  await database.close(db);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function call(service: "ec2" | "autoscaling", params: Record<string, string | number>, as = key) {
  const version = service === "ec2" ? "2016-11-15" : "2011-01-01";
  const body = new URLSearchParams({ Version: version, ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) }).toString();
  const signer = new SignatureV4({ credentials: { accessKeyId: as.id, secretAccessKey: as.secret }, region: "us-east-1", service, sha256: Hash.bind(null, "sha256") });
  const req = await signer.sign(new HttpRequest({ method: "POST", protocol: "http:", hostname: "localhost", port: 3000, path: "/api/aws", headers: { host: "localhost:3000", "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, body }));
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
  const r = await handleAws({ method: "POST", path: "/api/aws", query: "", headers, body: Buffer.from(body), sourceIp: "127.0.0.1" });
  return { ...r, xml: new XMLParser({ isArray: (name) => name === "member" || name === "item" }).parse(r.body) };
}
const asg = (params: Record<string, string | number>, as = key) => call("autoscaling", params, as);

describe("launch templates over EC2", () => {
  it("creates, describes and versions a template", async () => {
    const r = await call("ec2", { Action: "CreateLaunchTemplate", LaunchTemplateName: "web", "LaunchTemplateData.ImageId": "ami-f937d290", "LaunchTemplateData.InstanceType": "m1.small", "LaunchTemplateData.TagSpecification.1.ResourceType": "instance", "LaunchTemplateData.TagSpecification.1.Tag.1.Key": "Name", "LaunchTemplateData.TagSpecification.1.Tag.1.Value": "web" });
    expect(r.status).toBe(200);
    const t = r.xml.CreateLaunchTemplateResponse.launchTemplate;
    expect(t).toMatchObject({ launchTemplateName: "web", defaultVersionNumber: 1, latestVersionNumber: 1 });
    expect(t.launchTemplateId).toMatch(/^lt-[0-9a-f]{17}$/);
    const d = await call("ec2", { Action: "DescribeLaunchTemplates", "LaunchTemplateName.1": "web" });
    expect(d.xml.DescribeLaunchTemplatesResponse.launchTemplates.item[0].launchTemplateId).toBe(t.launchTemplateId);
    const v2 = await call("ec2", { Action: "CreateLaunchTemplateVersion", LaunchTemplateName: "web", SourceVersion: "1", "LaunchTemplateData.InstanceType": "m1.large", "LaunchTemplateData.ImageId": "ami-0d4f2e6b" });
    expect(v2.status === 200 || v2.body.includes("InvalidAMIID")).toBe(true);
    const dup = await call("ec2", { Action: "CreateLaunchTemplate", LaunchTemplateName: "web", "LaunchTemplateData.ImageId": "ami-f937d290" });
    expect([dup.status, /<Code>(.*)<\/Code>/.exec(dup.body)?.[1]]).toEqual([400, "InvalidLaunchTemplateName.AlreadyExistsException"]);
    const missing = await call("ec2", { Action: "DescribeLaunchTemplates", "LaunchTemplateId.1": "lt-0123456789abcdef0" });
    expect(/<Code>(.*)<\/Code>/.exec(missing.body)?.[1]).toBe("InvalidLaunchTemplateId.NotFound");
  });
});

describe("Auto Scaling groups over the Query API", () => {
  it("creates a group and describes it with member lists", async () => {
    const c = await asg({ Action: "CreateAutoScalingGroup", AutoScalingGroupName: "site", "LaunchTemplate.LaunchTemplateName": "web", "LaunchTemplate.Version": "$Latest", MinSize: 1, MaxSize: 4, DesiredCapacity: 2, "AvailabilityZones.member.1": "us-east-1a", "AvailabilityZones.member.2": "us-east-1b", "Tags.member.1.Key": "team", "Tags.member.1.Value": "<web & co>", "Tags.member.1.PropagateAtLaunch": "true" });
    expect(c.status).toBe(200);
    expect(c.body).toContain('<CreateAutoScalingGroupResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><ResponseMetadata><RequestId>');
    const d = await asg({ Action: "DescribeAutoScalingGroups", "AutoScalingGroupNames.member.1": "site" });
    const g = d.xml.DescribeAutoScalingGroupsResponse.DescribeAutoScalingGroupsResult.AutoScalingGroups.member[0];
    expect(g).toMatchObject({ AutoScalingGroupName: "site", MinSize: 1, MaxSize: 4, DesiredCapacity: 2, HealthCheckType: "EC2", LaunchTemplate: { LaunchTemplateName: "web", Version: "$Latest" } });
    expect(g.AvailabilityZones.member).toEqual(["us-east-1a", "us-east-1b"]);
    expect(g.Tags.member[0]).toMatchObject({ Key: "team", Value: "<web & co>", PropagateAtLaunch: true });
    expect(d.body).toContain("&lt;web &amp; co&gt;");
    expect(g.AutoScalingGroupARN).toMatch(/^arn:aws:autoscaling:us-east-1:\d{12}:autoScalingGroup:[0-9a-f-]{36}:autoScalingGroupName\/site$/);
  });

  it("sets the desired capacity, refusing values outside min and max as EC2 Auto Scaling does", async () => {
    expect((await asg({ Action: "SetDesiredCapacity", AutoScalingGroupName: "site", DesiredCapacity: 3 })).status).toBe(200);
    const bad = await asg({ Action: "SetDesiredCapacity", AutoScalingGroupName: "site", DesiredCapacity: 9 });
    expect(bad.status).toBe(400);
    expect(bad.xml.ErrorResponse.Error).toMatchObject({ Type: "Sender", Code: "ValidationError", Message: "New SetDesiredCapacity value 9 is above max value 4 for the AutoScalingGroup." });
    expect(bad.xml.ErrorResponse.RequestId).toBeTruthy();
    const missing = await asg({ Action: "SetDesiredCapacity", AutoScalingGroupName: "nope", DesiredCapacity: 1 });
    expect(missing.xml.ErrorResponse.Error.Message).toBe("AutoScalingGroup name not found - AutoScalingGroup nope not found");
    const viewer = await asg({ Action: "SetDesiredCapacity", AutoScalingGroupName: "site", DesiredCapacity: 1 }, viewerKey);
    expect([viewer.status, viewer.xml.ErrorResponse.Error.Code]).toEqual([403, "AccessDenied"]);
  });

  it("updates, lists activities and deletes (refused while members remain, unless forced)", async () => {
    expect((await asg({ Action: "UpdateAutoScalingGroup", AutoScalingGroupName: "site", MaxSize: 5, HealthCheckType: "ELB", HealthCheckGracePeriod: 60 })).status).toBe(200);
    const d = await asg({ Action: "DescribeAutoScalingGroups" });
    expect(d.xml.DescribeAutoScalingGroupsResponse.DescribeAutoScalingGroupsResult.AutoScalingGroups.member[0]).toMatchObject({ MaxSize: 5, HealthCheckType: "ELB", HealthCheckGracePeriod: 60 });
    const a = await asg({ Action: "DescribeScalingActivities", AutoScalingGroupName: "site" });
    expect(a.status).toBe(200);
    expect(a.body).toContain("<DescribeScalingActivitiesResult><Activities");
    expect((await asg({ Action: "DeleteAutoScalingGroup", AutoScalingGroupName: "site", ForceDelete: "true" })).status).toBe(200);
    expect((await asg({ Action: "DescribeAutoScalingGroups" })).body).toContain("<AutoScalingGroups></AutoScalingGroups>");
  });

  it("answers unknown actions, missing parameters and bad input without a 5xx", async () => {
    expect((await asg({ Action: "AttachLoadBalancers" })).xml.ErrorResponse.Error.Code).toBe("InvalidAction");
    expect((await asg({ Action: "constructor" })).xml.ErrorResponse.Error.Code).toBe("InvalidAction");
    expect((await asg({ Action: "CreateAutoScalingGroup", AutoScalingGroupName: "x", MinSize: 1, MaxSize: 1, "AvailabilityZones.member.1": "us-east-1a" })).xml.ErrorResponse.Error.Message).toMatch(/LaunchTemplate/);
    expect((await asg({ Action: "CreateAutoScalingGroup", AutoScalingGroupName: "x", "LaunchTemplate.LaunchTemplateName": "web", MinSize: 1, MaxSize: 1 })).xml.ErrorResponse.Error.Message).toBe("At least one Availability Zone or VPC Subnet is required.");
    const empty = await asg({ Action: "CreateAutoScalingGroup", AutoScalingGroupName: "", "LaunchTemplate.LaunchTemplateName": "web", MinSize: 1, MaxSize: 1, "AvailabilityZones.member.1": "us-east-1a" });
    expect(empty.xml.ErrorResponse.Error).toMatchObject({ Code: "ValidationError" });
    const nan = await asg({ Action: "CreateAutoScalingGroup", AutoScalingGroupName: "x", "LaunchTemplate.LaunchTemplateName": "web", MinSize: "lots", MaxSize: 1, "AvailabilityZones.member.1": "us-east-1a" });
    expect([nan.status, nan.xml.ErrorResponse.Error.Code]).toEqual([400, "ValidationError"]);
    const unknownTemplate = await asg({ Action: "CreateAutoScalingGroup", AutoScalingGroupName: "x", "LaunchTemplate.LaunchTemplateName": "nope", MinSize: 1, MaxSize: 1, "AvailabilityZones.member.1": "us-east-1a" });
    expect([unknownTemplate.status, unknownTemplate.xml.ErrorResponse.Error.Code]).toEqual([400, "ValidationError"]);
    const hostile = "\u0000<x>&\u001b[31m";
    const weird = await asg({ Action: "CreateAutoScalingGroup", AutoScalingGroupName: hostile, "LaunchTemplate.LaunchTemplateName": "web", MinSize: 1, MaxSize: 1, "AvailabilityZones.member.1": "us-east-1a" });
    expect(weird.status).toBe(400);
    expect(weird.body).not.toContain("\u001b");
  });

  it("puts, describes and deletes scheduled actions", async () => {
    await asg({ Action: "CreateAutoScalingGroup", AutoScalingGroupName: "nightly", "LaunchTemplate.LaunchTemplateName": "web", MinSize: 0, MaxSize: 2, "AvailabilityZones.member.1": "us-east-1c" });
    expect((await asg({ Action: "PutScheduledUpdateGroupAction", AutoScalingGroupName: "nightly", ScheduledActionName: "up", Recurrence: "0 8 * * *", DesiredCapacity: 2 })).status).toBe(200);
    const d = await asg({ Action: "DescribeScheduledActions", AutoScalingGroupName: "nightly" });
    expect(d.xml.DescribeScheduledActionsResponse.DescribeScheduledActionsResult.ScheduledUpdateGroupActions.member[0]).toMatchObject({ ScheduledActionName: "up", Recurrence: "0 8 * * *", DesiredCapacity: 2 });
    expect((await asg({ Action: "DeleteScheduledAction", AutoScalingGroupName: "nightly", ScheduledActionName: "up" })).status).toBe(200);
    expect((await asg({ Action: "DeleteScheduledAction", AutoScalingGroupName: "nightly", ScheduledActionName: "up" })).xml.ErrorResponse.Error.Code).toBe("ValidationError");
  });
});
