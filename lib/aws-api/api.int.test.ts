// The AWS endpoint in-process on a real database (SQLite, or PostgreSQL with
// STRATUS_TEST_DATABASE=postgres): authentication failures
// as AWS gives them, EC2 parameters and errors, and a fuzz of thousands of
// random and mutated requests — never a 5xx, and nothing changes when a
// request is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import fc from "fast-check";
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import { Hash } from "@smithy/hash-node";
import { runtimeDatabase } from "../testing/runtime-db";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-api-"));
process.env.STRATUS_DATA_DIR = dir;
// Room for the thousand-instance launch at the end (the default pool has 762 addresses).
process.env.STRATUS_PUBLIC_POOL = "198.18.0.0/15";

let database: Awaited<ReturnType<typeof runtimeDatabase>>;

type Handle = typeof import("./handler").handleAws;
let handleAws: Handle;
let key = { id: "", secret: "" };
let db: Awaited<ReturnType<typeof import("../runtime").runtime>>["db"];

beforeAll(async () => {
  database = await runtimeDatabase(dir);
  ({ handleAws } = await import("./handler"));
  const { runtime } = await import("../runtime");
  ({ db } = await runtime());
  const { addMember } = await import("../control-plane/teams/members");
  const { createTeam } = await import("../control-plane/teams/teams");
  const { createAccessKey } = await import("../control-plane/identity/access-keys");
  const { systemCtx } = await import("../control-plane/system");
  const { clock } = await runtime();
  const base = systemCtx(db, clock, { id: "", name: "" }, "test");
  const team = await createTeam({ ctx: base, input: { name: "API" } });
  const ctx = systemCtx(db, clock, team, "test");
  const admin = await addMember({ ctx, input: { email: "api@test.example", role: "admin", password: "api-password-1" } });
  const k = await createAccessKey({ ctx, input: { userId: admin.userId } });
  key = { id: k.accessKeyId, secret: k.secretAccessKey };
});
afterAll(async () => {
  await database.close(db);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function signed(body: string, opts: { service?: string; target?: string; secret?: string; id?: string; date?: Date; contentType?: string } = {}) {
  const signer = new SignatureV4({ credentials: { accessKeyId: opts.id ?? key.id, secretAccessKey: opts.secret ?? key.secret }, region: "us-east-1", service: opts.service ?? "ec2", sha256: Hash.bind(null, "sha256") });
  const headers: Record<string, string> = { host: "localhost:3000", "content-type": opts.contentType ?? (opts.target ? "application/x-amz-json-1.1" : "application/x-www-form-urlencoded; charset=utf-8") };
  if (opts.target) headers["x-amz-target"] = opts.target;
  const req = await signer.sign(new HttpRequest({ method: "POST", protocol: "http:", hostname: "localhost", port: 3000, path: "/api/aws", headers, body }), { signingDate: opts.date ?? new Date() });
  const lower = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
  return handleAws({ method: "POST", path: "/api/aws", query: "", headers: lower, body: Buffer.from(body), sourceIp: "127.0.0.1" });
}

const ec2 = (params: Record<string, string | number>) => signed(new URLSearchParams({ Version: "2016-11-15", ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) }).toString());
const code = (xml: string) => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];

describe("authentication", () => {
  it("answers as AWS does", async () => {
    const unknown = await signed("Action=DescribeRegions&Version=2016-11-15", { id: "AKIAUNKNOWNUNKNOWN00" });
    expect([unknown.status, code(unknown.body)]).toEqual([401, "AuthFailure"]);
    const wrong = await signed("Action=DescribeRegions&Version=2016-11-15", { secret: "x".repeat(40) });
    expect([wrong.status, code(wrong.body)]).toEqual([403, "SignatureDoesNotMatch"]);
    const old = await signed("Action=DescribeRegions&Version=2016-11-15", { date: new Date(Date.now() - 20 * 60_000) });
    expect(code(old.body)).toBe("RequestExpired");
    const none = await handleAws({ method: "POST", path: "/api/aws", query: "", headers: { host: "x" }, body: Buffer.from("Action=DescribeRegions"), sourceIp: "" });
    expect(none.status).toBe(401);
    expect(none.body).toContain("<Errors><Error><Code>MissingAuthenticationToken</Code>");
    const ok = await ec2({ Action: "DescribeRegions" });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<DescribeRegionsResponse xmlns="http:\/\/ec2.amazonaws.com\/doc\/2016-11-15\/"><requestId>[0-9a-f-]{36}<\/requestId>/);
  });

  it("refuses an inactive key", async () => {
    const { setAccessKeyStatus } = await import("../control-plane/identity/access-keys");
    const { systemCtx } = await import("../control-plane/system");
    const { clock } = await (await import("../runtime")).runtime();
    const k = await db.accessKey.findUniqueOrThrow({ where: { id: key.id } });
    const team = await db.team.findUniqueOrThrow({ where: { id: k.teamId } });
    const ctx = systemCtx(db, clock, { id: team.id, name: team.name }, "test");
    await setAccessKeyStatus({ ctx, input: { accessKeyId: key.id, status: "Inactive" } });
    const r = await ec2({ Action: "DescribeRegions" });
    expect([r.status, code(r.body)]).toEqual([401, "AuthFailure"]);
    await setAccessKeyStatus({ ctx, input: { accessKeyId: key.id, status: "Active" } });
    expect((await ec2({ Action: "DescribeRegions" })).status).toBe(200);
  });
});

describe("EC2 query parameters and errors", () => {
  it.each([
    [{}, 400, "MissingAction"],
    [{ Action: "LaunchRocket" }, 400, "InvalidAction"],
    [{ Action: "RunInstances", MinCount: 1, MaxCount: 1 }, 400, "MissingParameter"],
    [{ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: "one", MaxCount: 1 }, 400, "InvalidParameterValue"],
    [{ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, UserData: "%%%not base64" }, 400, "InvalidUserData.Malformed"],
    [{ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, UserData: Buffer.alloc(16 * 1024 + 1).toString("base64") }, 400, "InvalidParameterValue"],
    [{ Action: "TerminateInstances", "InstanceId.1": "i-bogus" }, 400, "InvalidInstanceID.Malformed"],
    [{ Action: "TerminateInstances", "InstanceId.1": "i-0123456789abcdef0" }, 400, "InvalidInstanceID.NotFound"],
    [{ Action: "DescribeInstances", "InstanceId.0": "i-0123456789abcdef0" }, 400, "InvalidParameterValue"],
    [{ Action: "DescribeInstances", "Filter.1.Name": "colour", "Filter.1.Value.1": "red" }, 400, "InvalidParameterValue"],
    [{ Action: "DeleteSecurityGroup", GroupName: "nope" }, 400, "InvalidGroup.NotFound"],
    [{ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, KeyName: "missing" }, 400, "InvalidKeyPair.NotFound"],
    [{ Action: "AssociateAddress", AllocationId: "eipalloc-0123456789abcdef0", InstanceId: "i-0123456789abcdef0" }, 400, "InvalidAllocationID.NotFound"],
  ])("%# → %i %s", async (params, status, c) => {
    const r = await signed(new URLSearchParams(Object.fromEntries(Object.entries({ Version: "2016-11-15", ...params }).map(([k, v]) => [k, String(v)]))).toString());
    expect([r.status, code(r.body)]).toEqual([status, c]);
    expect(r.body).toMatch(/<Response><Errors><Error><Code>[^<]+<\/Code><Message>[^<]+<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>/);
  });

  it("takes both the IpPermissions form and the 2008 top-level form of ingress rules", async () => {
    expect((await ec2({ Action: "CreateSecurityGroup", GroupName: "webserver", GroupDescription: "web" })).status).toBe(200);
    const a = await ec2({ Action: "AuthorizeSecurityGroupIngress", GroupName: "webserver", "IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": 80, "IpPermissions.1.ToPort": 80, "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0", "IpPermissions.1.IpRanges.2.CidrIp": "10.0.0.0/8" });
    expect(a.status).toBe(200);
    const b = await ec2({ Action: "AuthorizeSecurityGroupIngress", GroupName: "webserver", IpProtocol: "tcp", FromPort: 22, ToPort: 22, CidrIp: "0.0.0.0/0" });
    expect(b.status).toBe(200);
    const dup = await ec2({ Action: "AuthorizeSecurityGroupIngress", GroupName: "webserver", IpProtocol: "tcp", FromPort: 22, ToPort: 22, CidrIp: "0.0.0.0/0" });
    expect(code(dup.body)).toBe("InvalidPermission.Duplicate");
    const d = await ec2({ Action: "DescribeSecurityGroups", "GroupName.1": "webserver" });
    expect(d.body).toContain("<ipProtocol>tcp</ipProtocol><fromPort>80</fromPort><toPort>80</toPort>");
    expect(d.body).toContain("<cidrIp>10.0.0.0/8</cidrIp>");
    const rv = await ec2({ Action: "RevokeSecurityGroupIngress", GroupName: "webserver", IpProtocol: "tcp", FromPort: 3306, ToPort: 3306, CidrIp: "0.0.0.0/0" });
    expect(code(rv.body)).toBe("InvalidPermission.NotFound");
  });

  it("pages DescribeInstances with MaxResults and NextToken", async () => {
    const run = await ec2({ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 7, MaxCount: 7 });
    expect(run.status).toBe(200);
    const seen = new Set<string>();
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await ec2({ Action: "DescribeInstances", MaxResults: 5, ...(token ? { NextToken: token } : {}) });
      for (const m of r.body.matchAll(/<instanceId>(i-[0-9a-f]+)<\/instanceId>/g)) seen.add(m[1]);
      token = /<nextToken>([^<]+)<\/nextToken>/.exec(r.body)?.[1];
      pages++;
    } while (token && pages < 10);
    expect(seen.size).toBe(7);
    expect(pages).toBe(2);
  });

  it("treats empty optional parameters as absent and names the EC2 parameter in validation errors", async () => {
    const empty = await ec2({ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, "Placement.AvailabilityZone": "", KeyName: "", ClientToken: "", SubnetId: "" });
    expect(empty.status, empty.body).toBe(200);
    const zone = await ec2({ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, "Placement.AvailabilityZone": "us-east-1q" });
    expect(code(zone.body)).toBe("InvalidParameterValue");
    expect(zone.body).toContain("Value (us-east-1q) for parameter Placement.AvailabilityZone is invalid.");
    const token = await ec2({ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 1, MaxCount: 1, ClientToken: "é" });
    expect(token.body).toContain("parameter ClientToken");
    const name = await ec2({ Action: "ImportKeyPair", KeyName: "k".repeat(300), PublicKeyMaterial: "ssh-ed25519 AAAA" });
    expect(name.body).toContain("parameter KeyName");
    expect(name.body).not.toMatch(/Too (small|big)|expected string|&gt;=/);
    const noValues = await ec2({ Action: "DescribeInstances", "Filter.1.Name": "tag:Name" });
    expect([code(noValues.body), noValues.body.includes("Filter.1.Value.1")]).toEqual(["InvalidParameterValue", true]);
  });

  it("Cost Explorer answers in JSON, and its errors too", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const ok = await signed(JSON.stringify({ TimePeriod: { Start: today, End: tomorrow }, Granularity: "DAILY", Metrics: ["UnblendedCost"] }), { service: "ce", target: "AWSInsightsIndexService.GetCostAndUsage" });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).ResultsByTime[0].Total.UnblendedCost.Unit).toBe("USD");
    const bad = await signed(JSON.stringify({ TimePeriod: { Start: tomorrow, End: today }, Granularity: "DAILY", Metrics: ["UnblendedCost"] }), { service: "ce", target: "AWSInsightsIndexService.GetCostAndUsage" });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).__type).toBe("ValidationException");
    const garbage = await signed("{not json", { service: "ce", target: "AWSInsightsIndexService.GetCostAndUsage" });
    expect(JSON.parse(garbage.body).__type).toBe("ValidationException");
  });
});

describe("fuzz", () => {
  const counts = async () => ({
    instances: await db.instance.count(),
    groups: await db.securityGroup.count(),
    rules: await db.securityGroupRule.count(),
    keys: await db.keyPair.count(),
    eips: await db.elasticIp.count({ where: { releasedAt: null } }),
    tags: await db.tag.count(),
    images: await db.image.count({ where: { state: "available" } }),
    egress: await db.securityGroupEgress.count(),
    volumes: await db.volume.count(),
    attributes: JSON.stringify(await db.instance.findMany({ select: { disableApiTermination: true, disableApiStop: true, shutdownBehavior: true, httpEndpoint: true, tokensRequired: true, instanceType: true }, orderBy: { id: "asc" } })),
  });

  const ACTIONS = ["RunInstances", "DescribeInstances", "TerminateInstances", "RebootInstances", "StopInstances", "StartInstances", "GetConsoleOutput", "DescribeInstanceAttribute", "DescribeImages", "RegisterImage", "DeregisterImage", "DescribeInstanceTypes", "DescribeRegions", "DescribeAvailabilityZones", "CreateSecurityGroup", "DeleteSecurityGroup", "DescribeSecurityGroups", "AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress", "CreateKeyPair", "ImportKeyPair", "DeleteKeyPair", "DescribeKeyPairs", "AllocateAddress", "AssociateAddress", "DisassociateAddress", "ReleaseAddress", "DescribeAddresses", "CreateTags", "DeleteTags", "DescribeTags", "Nope",
    "DescribeVpcs", "DescribeSubnets", "DescribeAccountAttributes", "DescribeNetworkInterfaces", "ModifyNetworkInterfaceAttribute", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupEgress",
    "DescribeSecurityGroupRules", "ModifyInstanceAttribute", "ModifyInstanceMetadataOptions", "DescribeInstanceStatus", "DescribeVolumes", "DescribeInstanceCreditSpecifications",
    "DescribeInstanceTypeOfferings", "DescribeAddressesAttribute", "DescribeVpcAttribute"];
  const KEYS = ["ImageId", "MinCount", "MaxCount", "InstanceType", "KeyName", "SecurityGroup.1", "SecurityGroupId.1", "UserData", "Placement.AvailabilityZone", "InstanceId.1", "InstanceId.2", "InstanceId", "Filter.1.Name", "Filter.1.Value.1", "MaxResults", "NextToken", "GroupName", "GroupId", "GroupDescription", "IpPermissions.1.IpProtocol", "IpPermissions.1.FromPort", "IpPermissions.1.ToPort", "IpPermissions.1.IpRanges.1.CidrIp", "IpProtocol", "FromPort", "ToPort", "CidrIp", "KeyName", "PublicKeyMaterial", "AllocationId", "PublicIp", "ResourceId.1", "Tag.1.Key", "Tag.1.Value", "Attribute", "Name", "Architecture", "InstanceId.0", "Filter.x.Name", "Tag.1", "ClientToken", "TagSpecification.1.Tag.1.Key",
    "SubnetId", "VpcId", "DisableApiTermination.Value", "InstanceType.Value", "Value", "HttpTokens", "HttpEndpoint", "SecurityGroupRuleId.1", "VolumeId.1", "NetworkInterfaceId",
    "AllowReassociation", "KeyFormat", "KeyType", "TagSpecification.1.ResourceType", "InstanceInitiatedShutdownBehavior", "BlockDeviceMapping.1.DeviceName", "LocationType", "AttributeName.1"];
  const VALUES = fc.oneof(
    fc.constantFrom("ami-a6c13bcf", "disableApiTermination", "stop", "/dev/sda1", "ppk", "ed25519", "instance", "volume", "required", "disabled", "vpc", "availability-zone", "ami-f937d290", "m1.small", "m1.large", "1", "0", "-1", "20", "1001", "i-0123456789abcdef0", "i-x", "sg-0", "tcp", "udp", "all", "-1", "65536", "0.0.0.0/0", "10.0.0.300/8", "10.1.2.3/8", "default", "webserver", "eipalloc-0", "true", "instance-state-name", "running", "tag:Name", "userData", "", " ", "\u0000", "☃", "a".repeat(300)),
    fc.string({ maxLength: 40 }),
    fc.integer({ min: -5, max: 70000 }).map(String),
  );
  const request = fc.record({
    action: fc.constantFrom(...ACTIONS),
    version: fc.constantFrom("2016-11-15", "2008-02-01", ""),
    params: fc.dictionary(fc.constantFrom(...KEYS), VALUES, { maxKeys: 6 }),
  });

  it("thousands of random and mutated requests: no 5xx, no change from a refused one", async () => {
    let refused = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ action, version, params }) => {
        const before = await counts();
        const body = new URLSearchParams({ Action: action, ...(version ? { Version: version } : {}), ...params }).toString();
        const r = await signed(body);
        if (r.status >= 500) throw new Error(`${r.status} for ${body}: ${r.body}`);
        if (r.status >= 400) {
          refused++;
          expect(await counts()).toEqual(before);
        } else accepted++;
      }),
      { numRuns: 2500, seed: 20261125 },
    );
    // raw garbage: bodies, methods, headers
    const garbage = await fc.sample(fc.uint8Array({ maxLength: 400 }), { numRuns: 300, seed: 7 });
    for (const g of garbage) {
      const r = await signed(Buffer.from(g).toString("latin1"));
      expect(r.status).toBeLessThan(500);
    }
    expect(refused).toBeGreaterThan(1000);
    expect(accepted).toBeGreaterThan(10);
  }, 300_000);

  it("refuses a body over 1 MB before reading it as a request", async () => {
    const r = await signed(`Action=DescribeRegions&Version=2016-11-15&X=${"a".repeat(1024 * 1024)}`);
    expect([r.status, code(r.body)]).toEqual([413, "RequestEntityTooLarge"]);
  });

  it("never answers another team's ids", async () => {
    const { runtime } = await import("../runtime");
    const { clock } = await runtime();
    const { systemCtx } = await import("../control-plane/system");
    const { createTeam } = await import("../control-plane/teams/teams");
    const { launchInstances } = await import("../control-plane/instances/launch");
    const other = await createTeam({ ctx: systemCtx(db, clock, { id: "", name: "" }, "test"), input: { name: `Other ${crypto.randomUUID().slice(0, 6)}` } });
    const theirs = await launchInstances({ ctx: systemCtx(db, clock, other, "test"), input: { imageId: "ami-f937d290" } });
    const id = theirs.instances[0].id;
    for (const action of ["DescribeInstances", "TerminateInstances", "RebootInstances", "GetConsoleOutput"]) {
      const r = await ec2({ Action: action, [action === "GetConsoleOutput" ? "InstanceId" : "InstanceId.1"]: id });
      expect(code(r.body)).toBe("InvalidInstanceID.NotFound");
    }
    const tag = await ec2({ Action: "CreateTags", "ResourceId.1": id, "Tag.1.Key": "owned", "Tag.1.Value": "yes" });
    expect(code(tag.body)).toBe("InvalidInstanceID.NotFound");
  });
});

// Last in the file: the thousand instances it launches would slow the fuzz above.
describe("DescribeInstances without MaxResults", () => {
  it("answers every instance: exactly a thousand, and past a thousand", async () => {
    await db.team.updateMany({ where: { name: "API" }, data: { instanceLimit: 5000 } });
    const tagged = { "TagSpecification.1.ResourceType": "instance", "TagSpecification.1.Tag.1.Key": "batch", "TagSpecification.1.Tag.1.Value": "big" };
    const described = async () => {
      const r = await ec2({ Action: "DescribeInstances", "Filter.1.Name": "tag:batch", "Filter.1.Value.1": "big" });
      expect(r.status).toBe(200);
      return new Set([...r.body.matchAll(/<instanceId>(i-[0-9a-f]+)<\/instanceId>/g)].map((m) => m[1]));
    };
    const first = await ec2({ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 1000, MaxCount: 1000, ...tagged });
    expect(first.status, first.body.slice(0, 500)).toBe(200);
    expect((await described()).size).toBe(1000);
    const more = await ec2({ Action: "RunInstances", ImageId: "ami-f937d290", MinCount: 2, MaxCount: 2, ...tagged });
    const added = [...more.body.matchAll(/<instanceId>(i-[0-9a-f]+)<\/instanceId>/g)].map((m) => m[1]);
    const all = await described();
    expect(all.size).toBe(1002);
    for (const id of added) expect(all.has(id)).toBe(true);
  });
});
