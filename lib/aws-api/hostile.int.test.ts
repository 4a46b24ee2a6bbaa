// The EC2 endpoint against hostile input, in-process on a real SQLite file:
// each request here once broke the server for every team (or let a request
// through that AWS refuses). Every one now gets a clear 4xx, and the server
// carries on answering.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import Database from "better-sqlite3";
import { signedHeaders, ec2Body, errorCode, type SignOptions } from "../testing/aws";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-hostile-"));
process.env.STRATUS_DATA_DIR = dir;
process.env.DATABASE_URL = `file:${path.join(dir, "stratus.db")}`;
process.env.STRATUS_PUBLIC_POOL = "198.18.0.0/15"; // room for 5,000 instances

type Handle = typeof import("./handler").handleAws;
let handleAws: Handle;
let admin = { id: "", secret: "" };
let viewer = { id: "", secret: "" };
let db: Awaited<ReturnType<typeof import("../runtime").runtime>>["db"];
let team: { id: string; name: string };

beforeAll(async () => {
  ({ handleAws } = await import("./handler"));
  const { runtime } = await import("../runtime");
  const rt = await runtime();
  db = rt.db;
  const { addMember } = await import("../control-plane/teams/members");
  const { createTeam } = await import("../control-plane/teams/teams");
  const { createAccessKey } = await import("../control-plane/identity/access-keys");
  const { systemCtx } = await import("../control-plane/system");
  team = await createTeam({ ctx: systemCtx(db, rt.clock, { id: "", name: "" }, "test"), input: { name: "Hostile" } });
  const ctx = systemCtx(db, rt.clock, team, "test");
  await db.team.update({ where: { id: team.id }, data: { instanceLimit: 10_000 } });
  const a = await addMember({ ctx, input: { email: "admin@hostile.test", role: "admin", password: "hostile-password-1" } });
  const v = await addMember({ ctx, input: { email: "viewer@hostile.test", role: "viewer", password: "hostile-password-2" } });
  const ak = await createAccessKey({ ctx, input: { userId: a.userId } });
  const vk = await createAccessKey({ ctx, input: { userId: v.userId } });
  admin = { id: ak.accessKeyId, secret: ak.secretAccessKey };
  viewer = { id: vk.accessKeyId, secret: vk.secretAccessKey };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function send(body: string, o: Partial<SignOptions> = {}, mutate?: (h: Record<string, string>) => void) {
  const headers = await signedHeaders(body, { key: admin, ...o });
  mutate?.(headers);
  return handleAws({ method: "POST", path: "/api/aws", query: "", headers, body: Buffer.from(body), sourceIp: "127.0.0.1" });
}
const ec2 = (params: Record<string, string | number>, o: Partial<SignOptions> = {}) => send(ec2Body(params), o);
const ids = (xml: string, tag = "instanceId") => [...xml.matchAll(new RegExp(`<${tag}>([^<]+)</${tag}>`, "g"))].map((m) => m[1]);
const healthy = async () => expect((await ec2({ Action: "DescribeRegions" }, { key: viewer })).status).toBe(200);

describe("prototype pollution", () => {
  it.each(["__proto__.polluted", "constructor.prototype.polluted", "Filter.1.__proto__.polluted", "TagSpecification.__proto__.polluted", "x.prototype"])(
    "refuses the parameter %s with a 400, from a viewer too, and pollutes nothing",
    async (name) => {
      for (const key of [viewer, admin]) {
        const r = await send(`Action=DescribeInstances&Version=2016-11-15&${encodeURIComponent(name)}=1`, { key });
        expect([r.status, errorCode(r.body)]).toEqual([400, "InvalidParameterValue"]);
        expect(r.body).toContain("is not a parameter name");
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty("polluted");
      await healthy();
    },
  );

  it("takes __proto__ and constructor as plain data where EC2 allows any text (tag keys)", async () => {
    const run = await ec2({ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1 });
    const [id] = ids(run.body);
    const r = await ec2({ Action: "CreateTags", "ResourceId.1": id, "Tag.1.Key": "__proto__", "Tag.1.Value": "x", "Tag.2.Key": "constructor", "Tag.2.Value": "y" });
    expect(r.status).toBe(200);
    const d = await ec2({ Action: "DescribeInstances", "InstanceId.1": id });
    expect(d.body).toContain("<key>__proto__</key><value>x</value>");
    expect(d.body).toContain("<key>constructor</key><value>y</value>");
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe("names that are Object members", () => {
  it.each(["valueOf", "hasOwnProperty", "toString", "constructor", "__proto__", "isPrototypeOf", "__defineGetter__"])("Action=%s is InvalidAction 400", async (action) => {
    const r = await ec2({ Action: action }, { key: viewer });
    expect([r.status, errorCode(r.body)]).toEqual([400, "InvalidAction"]);
  });

  it.each(["valueOf", "toString", "constructor", "AWSInsightsIndexService.valueOf", "AWSInsightsIndexService.__proto__"])("X-Amz-Target %s is a 400", async (target) => {
    const r = await send("{}", { service: "ce", target, key: viewer });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).message).toMatch(/not offered here/);
  });

  it("a resource id or protocol named after one is refused as a value", async () => {
    const tag = await ec2({ Action: "CreateTags", "ResourceId.1": "constructor-1", "Tag.1.Key": "a", "Tag.1.Value": "b" });
    expect([tag.status, errorCode(tag.body)]).toEqual([400, "InvalidParameterValue"]);
    const tags = await ec2({ Action: "DescribeTags", "Filter.1.Name": "resource-id", "Filter.1.Value.1": "toString-1" });
    expect(tags.status).toBe(200);
    const rule = await ec2({ Action: "AuthorizeSecurityGroupIngress", GroupName: "default", IpProtocol: "constructor", FromPort: 1, ToPort: 2, CidrIp: "0.0.0.0/0" });
    expect([rule.status, errorCode(rule.body)]).toEqual([400, "InvalidParameterValue"]);
    const state = await ec2({ Action: "DescribeInstances", "Filter.1.Name": "instance-state-code", "Filter.1.Value.1": "constructor" });
    expect(state.status).toBe(200);
  });
});

describe("wildcards", () => {
  it("matches many stars in linear time (the regex took 151 s for 12)", async () => {
    // A name a backtracking matcher chokes on: many a's, and a pattern that almost fits.
    expect((await ec2({ Action: "RegisterImage", Name: "a".repeat(60), Architecture: "x86_64" })).status).toBe(200);
    for (const stars of [12, 14, 40]) {
      const pattern = "*a".repeat(stars) + "*b";
      const t0 = performance.now();
      const r = await ec2({ Action: "DescribeImages", "Filter.1.Name": "name", "Filter.1.Value.1": pattern });
      expect(r.status).toBe(200);
      const both = await ec2({ Action: "DescribeImages", "Filter.1.Name": "name", "Filter.1.Value.1": pattern, "Filter.2.Name": "image-id", "Filter.2.Value.1": "?*".repeat(100) });
      expect(both.status).toBe(200);
      expect(performance.now() - t0).toBeLessThan(2000);
    }
    const exact = await ec2({ Action: "DescribeImages", "Filter.1.Name": "name", "Filter.1.Value.1": "*Fedora*" });
    expect(ids(exact.body, "imageId")).toContain("ami-f937d290");
    const escaped = await ec2({ Action: "DescribeImages", "Filter.1.Name": "name", "Filter.1.Value.1": "\\*Fedora*" });
    expect(ids(escaped.body, "imageId")).toEqual([]);
  });

  it("applies EC2's filter limits: 200 values a call, 255 characters a value", async () => {
    const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`Filter.1.Value.${i + 1}`, `v${i}`]));
    const r = await ec2({ Action: "DescribeImages", "Filter.1.Name": "name", ...many });
    expect([r.status, errorCode(r.body)]).toEqual([400, "FilterLimitExceeded"]);
    const long = await ec2({ Action: "DescribeSecurityGroups", "Filter.1.Name": "group-name", "Filter.1.Value.1": "a".repeat(256) });
    expect([long.status, errorCode(long.body)]).toEqual([400, "FilterLimitExceeded"]);
    const fine = await ec2({ Action: "DescribeSecurityGroups", "Filter.1.Name": "group-name", "Filter.1.Value.1": "def*" });
    expect(fine.body).toContain("<groupName>default</groupName>");
  });
});

describe("long id lists (SQLite's parameter limit)", () => {
  const many = (prefix: string, n: number, name: string, hex = true) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`${name}.${i + 1}`, hex ? `${prefix}-${(i + 1).toString(16).padStart(17, "0")}` : `${prefix}-${i + 1}`]));

  it.each([
    ["DescribeInstances", many("i", 5000, "InstanceId"), "InvalidInstanceID.NotFound"],
    ["DescribeImages", many("ami", 5000, "ImageId"), "InvalidAMIID.NotFound"],
    ["DescribeSecurityGroups", many("sg", 5000, "GroupId"), "InvalidGroup.NotFound"],
    ["DescribeSecurityGroups", many("web", 5000, "GroupName", false), "InvalidGroup.NotFound"],
    ["DescribeKeyPairs", many("key", 5000, "KeyName", false), "InvalidKeyPair.NotFound"],
    ["DescribeAddresses", many("eipalloc", 5000, "AllocationId"), "InvalidAllocationID.NotFound"],
    ["DescribeInstanceTypes", many("m9", 5000, "InstanceType", false), "InvalidInstanceType"],
    ["TerminateInstances", many("i", 1001, "InstanceId"), "InvalidParameterValue"],
  ])("%s with 5,000 unknown ids: a 400 naming one", async (action, params, code) => {
    const r = await ec2({ Action: action, ...(params as Record<string, string>) });
    expect([r.status, errorCode(r.body)]).toEqual([400, code]);
  });

  it("describes 5,000 instances by id, and a group with 5,000 past members stays usable and deletable", async () => {
    const made = await ec2({ Action: "CreateSecurityGroup", GroupName: "crowd", GroupDescription: "many members" });
    expect(made.status).toBe(200);
    const launched: string[] = [];
    for (let b = 0; b < 5; b++) {
      const r = await ec2({ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 1000, MaxCount: 1000, "SecurityGroup.1": "crowd" });
      expect(r.status, r.body.slice(0, 300)).toBe(200);
      launched.push(...ids(r.body));
    }
    expect(launched).toHaveLength(5000);
    const byId = await ec2({ Action: "DescribeInstances", ...Object.fromEntries(launched.map((id, i) => [`InstanceId.${i + 1}`, id])) });
    expect(byId.status).toBe(200);
    expect(new Set(ids(byId.body)).size).toBe(5000);
    const live = await ec2({ Action: "DescribeSecurityGroups", "GroupName.1": "crowd" });
    expect(live.status).toBe(200);
    const busy = await ec2({ Action: "DeleteSecurityGroup", GroupName: "crowd" });
    expect([busy.status, errorCode(busy.body)]).toEqual([400, "DependencyViolation"]);
    for (let b = 0; b < 5; b++) {
      const part = launched.slice(b * 1000, (b + 1) * 1000);
      const t = await ec2({ Action: "TerminateInstances", ...Object.fromEntries(part.map((id, i) => [`InstanceId.${i + 1}`, id])) });
      expect(t.status).toBe(200);
    }
    await db.instance.updateMany({ where: { id: { in: launched } }, data: { state: "terminated", terminatedAt: new Date() } });
    expect((await ec2({ Action: "DescribeSecurityGroups" })).status).toBe(200);
    const gone = await ec2({ Action: "DeleteSecurityGroup", GroupName: "crowd" });
    expect(gone.status, gone.body).toBe(200);
  }, 120_000);
});

describe("control characters", () => {
  const strict = new XMLParser({ ignoreAttributes: false });
  const WELL_FORMED = /^[\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;

  it("refuses them in tags, naming the field", async () => {
    const run = await ec2({ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1 });
    const [id] = ids(run.body);
    for (const [k, v, field] of [["env", "a\u0001b", "tags.0.value"], ["e\u009bnv", "x", "tags.0.key"], ["env", "\u001b]8;;http://evil\u0007", "tags.0.value"], ["env", "line\nbreak", "tags.0.value"]]) {
      const r = await ec2({ Action: "CreateTags", "ResourceId.1": id, "Tag.1.Key": k, "Tag.1.Value": v });
      expect([r.status, errorCode(r.body)]).toEqual([400, "InvalidParameterValue"]);
      expect(r.body).toMatch(/control characters \(U\+[0-9A-F]{4} at character \d+\)/);
      void field;
    }
    const launch = await ec2({ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, "TagSpecification.1.ResourceType": "instance", "TagSpecification.1.Tag.1.Key": "Name", "TagSpecification.1.Tag.1.Value": "web\u0085" });
    expect([launch.status, errorCode(launch.body)]).toEqual([400, "InvalidParameterValue"]);
    // EC2's lengths count characters: 256 emoji are a valid value, 129 characters a key too long.
    expect((await ec2({ Action: "CreateTags", "ResourceId.1": id, "Tag.1.Key": "emoji", "Tag.1.Value": "😀".repeat(256) })).status).toBe(200);
    expect(errorCode((await ec2({ Action: "CreateTags", "ResourceId.1": id, "Tag.1.Key": "k".repeat(129), "Tag.1.Value": "" })).body)).toBe("InvalidParameterValue");
  });

  it("refuses NUL in any text a verb takes, naming the field (PostgreSQL's text can't hold it)", async () => {
    const g = await ec2({ Action: "CreateSecurityGroup", GroupName: "nul-test", GroupDescription: "a\u0000b" });
    expect([g.status, errorCode(g.body)]).toEqual([400, "InvalidParameterValue"]);
    expect(g.body).toMatch(/GroupDescription/);
    const t = await ec2({ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, ClientToken: "tok\u0000en" });
    expect([t.status, errorCode(t.body)]).toEqual([400, "InvalidParameterValue"]);
    expect(t.body).toMatch(/ClientToken/);
    const f = await ec2({ Action: "DescribeInstances", "Filter.1.Name": "tag:Name", "Filter.1.Value.1": "x\u0000" });
    expect(f.status).toBeLessThan(500);
  });

  it("a value stored before validation still answers well-formed XML", async () => {
    const run = await ec2({ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1 });
    const [id] = ids(run.body);
    // Written straight to the file, as an older version (or a hand edit) could have.
    const file = new Database(path.join(dir, "stratus.db"));
    file.prepare(`INSERT INTO "Tag" ("teamId", "resourceId", "key", "value") VALUES (?, ?, ?, ?)`).run(team.id, id, "legacy\u0001", "\u0000\u0008\u000b\u009b2J\ud800");
    file.close();
    for (const r of [await ec2({ Action: "DescribeInstances", "InstanceId.1": id }), await ec2({ Action: "DescribeTags", "Filter.1.Name": "resource-id", "Filter.1.Value.1": id })]) {
      expect(r.status).toBe(200);
      expect(r.body).toMatch(WELL_FORMED);
      expect(() => strict.parse(r.body)).not.toThrow();
      expect(r.body).toContain("<key>legacy\uFFFD</key>");
    }
  });
});

describe("SigV4 as AWS checks it", () => {
  const body = ec2Body({ Action: "DescribeRegions" });

  it("accepts each region DescribeRegions lists, and no other", async () => {
    const listed = ids((await ec2({ Action: "DescribeRegions" })).body, "regionName");
    expect(listed.length).toBeGreaterThan(0);
    for (const region of listed) expect((await send(body, { region })).status).toBe(200);
    for (const region of ["us-east-2", "xx-fake-1", "US-EAST-1"]) {
      const r = await send(body, { region });
      expect([r.status, errorCode(r.body)]).toEqual([401, "AuthFailure"]);
      expect(r.body).toContain("Credential should be scoped to a valid region");
    }
  });

  it("refuses a scope with an extra segment, a bad date or another service", async () => {
    const extra = await send(body, {}, (h) => (h.authorization = h.authorization.replace("/aws4_request", "/extra/aws4_request")));
    expect([extra.status, errorCode(extra.body)]).toEqual([400, "IncompleteSignature"]);
    const date = await send(body, {}, (h) => (h.authorization = h.authorization.replace(/Credential=([^/]+)\/\d{8}\//, "Credential=$1/2026011/")));
    expect([date.status, errorCode(date.body)]).toEqual([400, "IncompleteSignature"]);
    const s3 = await send(body, { service: "s3" });
    expect([s3.status, errorCode(s3.body)]).toEqual([401, "AuthFailure"]);
  });

  it("verifies the body hash: an unsigned or mismatched payload is refused", async () => {
    const unsigned = await send(body, { headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
    expect([unsigned.status, errorCode(unsigned.body)]).toEqual([403, "SignatureDoesNotMatch"]);
    const other = await send(body, { headers: { "x-amz-content-sha256": "0".repeat(64) } });
    expect([other.status, errorCode(other.body)]).toEqual([403, "SignatureDoesNotMatch"]);
    // The body changed after signing: the signature no longer holds.
    const headers = await signedHeaders(body, { key: admin });
    const tampered = await handleAws({ method: "POST", path: "/api/aws", query: "", headers, body: Buffer.from(ec2Body({ Action: "DescribeAvailabilityZones" })), sourceIp: "" });
    expect([tampered.status, errorCode(tampered.body)]).toEqual([403, "SignatureDoesNotMatch"]);
    const declared = await send(body, { headers: { "x-amz-content-sha256": (await import("node:crypto")).createHash("sha256").update(body).digest("hex") } });
    expect(declared.status).toBe(200);
  });
});

describe("DescribeTags filters", () => {
  it("take wildcards in key, value and resource-id, exact values too", async () => {
    const run = await ec2({ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1 });
    const [id] = ids(run.body);
    await ec2({ Action: "CreateTags", "ResourceId.1": id, "Tag.1.Key": "team-web", "Tag.1.Value": "blue*green", "Tag.2.Key": "team-db", "Tag.2.Value": "red" });
    const keysOf = async (params: Record<string, string>) => ids((await ec2({ Action: "DescribeTags", "Filter.9.Name": "resource-id", "Filter.9.Value.1": id, ...params })).body, "key").sort();
    expect(await keysOf({ "Filter.1.Name": "key", "Filter.1.Value.1": "team-*" })).toEqual(["team-db", "team-web"]);
    expect(await keysOf({ "Filter.1.Name": "key", "Filter.1.Value.1": "team-db" })).toEqual(["team-db"]);
    expect(await keysOf({ "Filter.1.Name": "value", "Filter.1.Value.1": "blue\\*green" })).toEqual(["team-web"]);
    expect(await keysOf({ "Filter.1.Name": "value", "Filter.1.Value.1": "r?d" })).toEqual(["team-db"]);
    const byPrefix = await ec2({ Action: "DescribeTags", "Filter.1.Name": "resource-id", "Filter.1.Value.1": `${id.slice(0, 14)}*`, "Filter.2.Name": "key", "Filter.2.Value.1": "team-?b" });
    expect(ids(byPrefix.body, "resourceId")).toEqual([id]);
  });
});

describe("the same protections on what the EC2 of today and Auto Scaling added", () => {
  const autoscaling = (params: Record<string, string | number>, o: Partial<SignOptions> = {}) =>
    send(new URLSearchParams({ Version: "2011-01-01", ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) }).toString(), { service: "autoscaling", ...o });

  it("Auto Scaling: signed for autoscaling; Object-member actions and parameter names refused; group tags by EC2's rules", async () => {
    expect((await autoscaling({ Action: "DescribeAutoScalingGroups" }, { key: viewer })).status).toBe(200);
    for (const action of ["constructor", "valueOf", "__proto__", "hasOwnProperty"]) {
      const r = await autoscaling({ Action: action }, { key: viewer });
      expect([r.status, errorCode(r.body)]).toEqual([400, "InvalidAction"]);
    }
    const polluting = await send(`Action=DescribeAutoScalingGroups&Version=2011-01-01&${encodeURIComponent("AutoScalingGroupNames.member.__proto__.polluted")}=1`, { service: "autoscaling" });
    expect([polluting.status, errorCode(polluting.body)]).toEqual([400, "ValidationError"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await ec2({ Action: "CreateLaunchTemplate", LaunchTemplateName: "hostile-web", "LaunchTemplateData.ImageId": "ami-f937d290", "LaunchTemplateData.InstanceType": "m1.small" })).status).toBe(200);
    const group = { Action: "CreateAutoScalingGroup", AutoScalingGroupName: "hostile", "LaunchTemplate.LaunchTemplateName": "hostile-web", MinSize: 0, MaxSize: 1, "AvailabilityZones.member.1": "us-east-1a" };
    const bad = await autoscaling({ ...group, "Tags.member.1.Key": "env", "Tags.member.1.Value": "a\u009b2J" });
    expect([bad.status, errorCode(bad.body)]).toEqual([400, "ValidationError"]);
    expect(bad.body).toContain("Tag values can&apos;t contain control characters (U+009B at character 2).");
    const reserved = await autoscaling({ ...group, "Tags.member.1.Key": "aws:mine", "Tags.member.1.Value": "x" });
    expect([reserved.status, errorCode(reserved.body)]).toEqual([400, "ValidationError"]);
    expect((await autoscaling({ ...group, "Tags.member.1.Key": "constructor", "Tags.member.1.Value": "fine" })).status).toBe(200);
    await healthy();
  });

  it.each([
    ["CreateSecurityGroup", { GroupName: "tagged", GroupDescription: "tagged group" }, "security-group"],
    ["CreateKeyPair", { KeyName: "tagged" }, "key-pair"],
    ["AllocateAddress", { Domain: "vpc" }, "elastic-ip"],
    ["RegisterImage", { Name: "tagged-image", Architecture: "x86_64" }, "image"],
    ["RunInstances", { ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1 }, "instance"],
    ["RunInstances", { ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1 }, "network-interface"],
    ["CreateLaunchTemplate", { LaunchTemplateName: "tagged", "LaunchTemplateData.ImageId": "ami-f937d290" }, "LaunchTemplateData.instance"],
  ])("%s refuses a %s tag with a control character, and one given twice", async (action, params, type) => {
    const prefix = type.startsWith("LaunchTemplateData.") ? "LaunchTemplateData.TagSpecification" : "TagSpecification";
    const spec = (tags: [string, string][]) => ({
      [`${prefix}.1.ResourceType`]: type.replace("LaunchTemplateData.", ""),
      ...Object.fromEntries(tags.flatMap(([k, v], i) => [[`${prefix}.1.Tag.${i + 1}.Key`, k], [`${prefix}.1.Tag.${i + 1}.Value`, v]])),
    });
    const control = await ec2({ Action: action, ...params, ...spec([["env", "bell\u0007"]]) });
    expect([control.status, errorCode(control.body)]).toEqual([400, "InvalidParameterValue"]);
    expect(control.body).toContain("control characters (U+0007 at character 5)");
    const twice = await ec2({ Action: action, ...params, ...spec([["env", "a"], ["env", "b"]]) });
    expect([twice.status, errorCode(twice.body)]).toEqual([400, "InvalidParameterValue"]);
    expect(twice.body).toContain("Tag key &quot;env&quot; is given twice.");
  });

  it("CreateTags on every taggable kind takes EC2's rules, and the filters find the tags", async () => {
    const vpcId = ids((await ec2({ Action: "DescribeVpcs" })).body, "vpcId")[0];
    const subnetId = ids((await ec2({ Action: "DescribeSubnets" })).body, "subnetId")[0];
    const run = await ec2({ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, SubnetId: subnetId });
    const eni = ids(run.body, "networkInterfaceId")[0];
    const eip = ids((await ec2({ Action: "AllocateAddress", Domain: "vpc" })).body, "allocationId")[0];
    const resources = { "ResourceId.1": vpcId, "ResourceId.2": subnetId, "ResourceId.3": eni, "ResourceId.4": eip };
    const bad = await ec2({ Action: "CreateTags", ...resources, "Tag.1.Key": "env", "Tag.1.Value": "x\u0085y" });
    expect([bad.status, errorCode(bad.body)]).toEqual([400, "InvalidParameterValue"]);
    expect((await ec2({ Action: "CreateTags", ...resources, "Tag.1.Key": "env", "Tag.1.Value": "hostile" })).status).toBe(200);
    const tagged = await ec2({ Action: "DescribeTags", "Filter.1.Name": "value", "Filter.1.Value.1": "host*" });
    expect(ids(tagged.body, "resourceId").sort()).toEqual([vpcId, subnetId, eni, eip].sort());
    const unknownVpc = await ec2({ Action: "CreateTags", "ResourceId.1": "vpc-0123456789abcdef0", "Tag.1.Key": "env", "Tag.1.Value": "x" });
    expect([unknownVpc.status, errorCode(unknownVpc.body)]).toEqual([400, "InvalidVpcID.NotFound"]);
  });

  it("the filter engine: EC2's limits, linear-time wildcards, and names that are Object members", async () => {
    const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`Filter.1.Value.${i + 1}`, `v${i}`]));
    for (const action of ["DescribeVpcs", "DescribeSubnets", "DescribeInstances", "DescribeVolumes", "DescribeNetworkInterfaces", "DescribeLaunchTemplates"]) {
      const name = { DescribeVpcs: "vpc-id", DescribeSubnets: "subnet-id", DescribeInstances: "instance-id", DescribeVolumes: "volume-id", DescribeNetworkInterfaces: "network-interface-id", DescribeLaunchTemplates: "launch-template-name" }[action]!;
      const r = await ec2({ Action: action, "Filter.1.Name": name, ...many });
      expect([action, r.status, errorCode(r.body)]).toEqual([action, 400, "FilterLimitExceeded"]);
      const long = await ec2({ Action: action, "Filter.1.Name": name, "Filter.1.Value.1": "x".repeat(256) });
      expect([action, long.status, errorCode(long.body)]).toEqual([action, 400, "FilterLimitExceeded"]);
      const t0 = performance.now();
      const starry = await ec2({ Action: action, "Filter.1.Name": name, "Filter.1.Value.1": "*a".repeat(40) + "*b" });
      expect([action, starry.status]).toEqual([action, 200]);
      expect(performance.now() - t0).toBeLessThan(2000);
      const member = await ec2({ Action: action, "Filter.1.Name": "constructor", "Filter.1.Value.1": "x" });
      expect([action, member.status, errorCode(member.body)]).toEqual([action, 400, "InvalidParameterValue"]);
    }
    expect((await ec2({ Action: "DescribeVpcs", "Filter.1.Name": "tag:__proto__", "Filter.1.Value.1": "*" })).status).toBe(200);
  });

  it("lookup tables answer only their own entries", async () => {
    const vpcId = ids((await ec2({ Action: "DescribeVpcs" })).body, "vpcId")[0];
    for (const attribute of ["constructor", "toString", "__proto__"]) {
      const r = await ec2({ Action: "DescribeVpcAttribute", VpcId: vpcId, Attribute: attribute });
      expect([r.status, errorCode(r.body)]).toEqual([400, "InvalidParameterValue"]);
    }
    for (const locationType of ["constructor", "valueOf"]) {
      const r = await ec2({ Action: "DescribeInstanceTypeOfferings", LocationType: locationType });
      expect([r.status, errorCode(r.body)]).toEqual([400, "InvalidParameterValue"]);
    }
    const tag = await ec2({ Action: "CreateTags", "ResourceId.1": "hasOwnProperty-1", "Tag.1.Key": "a", "Tag.1.Value": "b" });
    expect([tag.status, errorCode(tag.body)]).toEqual([400, "InvalidParameterValue"]);
  });

  it.each([
    ["DescribeVolumes", "VolumeId", "vol", "InvalidVolume.NotFound"],
    ["DescribeNetworkInterfaces", "NetworkInterfaceId", "eni", "InvalidNetworkInterfaceID.NotFound"],
    ["DescribeSecurityGroupRules", "SecurityGroupRuleId", "sgr", "InvalidSecurityGroupRuleId.NotFound"],
  ])("%s with 5,000 unknown ids: a 400, quickly", async (action, name, prefix, code) => {
    const params = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`${name}.${i + 1}`, `${prefix}-${(i + 1).toString(16).padStart(17, "0")}`]));
    const t0 = performance.now();
    const r = await ec2({ Action: action, ...params });
    expect([r.status, errorCode(r.body)]).toEqual([400, code]);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
