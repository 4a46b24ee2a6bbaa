import { describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { answer, issueToken, tokenValid, type InstanceMeta } from "./imds";

const key = crypto.randomBytes(32);
const meta: InstanceMeta = {
  instanceId: "i-0123456789abcdef0", imageId: "ami-f937d290", launchIndex: 2, instanceType: "m1.small", architecture: "i386", reservationId: "r-0123456789abcdef0",
  accountId: "123456789012", availabilityZone: "us-east-1a", region: "us-east-1", localHostname: "ip-10-1-2-3.stratus.internal", localIpv4: "10.1.2.3",
  publicHostname: "ec2-203-0-113-7.compute.stratus.internal", publicIpv4: "203.0.113.7", securityGroups: ["default", "webserver"], keyName: "amazon",
  publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFTFEO6I6ez2kVGlfBCzshIotBUjUT8ReFmSBUjCWsbx", userData: Buffer.from("#!/bin/sh\necho hi\n").toString("base64"),
  pendingTime: "2026-03-02T00:00:00Z", tokensRequired: false,
};
const get = (path: string, headers: Record<string, string> = {}, m = meta) => answer(m, { method: "GET", path, header: (n) => headers[n] ?? null }, key);

describe("instance metadata", () => {
  it.each([
    ["/latest/meta-data/instance-id", "i-0123456789abcdef0"],
    ["/latest/meta-data/ami-id", "ami-f937d290"],
    ["/latest/meta-data/ami-launch-index", "2"],
    ["/latest/meta-data/instance-type", "m1.small"],
    ["/latest/meta-data/hostname", "ip-10-1-2-3.stratus.internal"],
    ["/latest/meta-data/local-hostname", "ip-10-1-2-3.stratus.internal"],
    ["/latest/meta-data/local-ipv4", "10.1.2.3"],
    ["/latest/meta-data/public-hostname", "ec2-203-0-113-7.compute.stratus.internal"],
    ["/latest/meta-data/public-ipv4", "203.0.113.7"],
    ["/latest/meta-data/reservation-id", "r-0123456789abcdef0"],
    ["/latest/meta-data/security-groups", "default\nwebserver"],
    ["/latest/meta-data/placement/availability-zone", "us-east-1a"],
    ["/latest/meta-data/public-keys/", "0=amazon"],
    ["/latest/meta-data/public-keys/0/", "openssh-key"],
    ["/latest/meta-data/public-keys/0/openssh-key", `${meta.publicKey} amazon`],
    ["/2008-02-01/meta-data/instance-id", "i-0123456789abcdef0"],
  ])("%s", (path, body) => {
    expect(get(path)).toMatchObject({ status: 200, body });
  });

  it("lists directories with trailing slashes", () => {
    const r = get("/latest/meta-data/");
    expect(String(r.body).split("\n")).toEqual(["ami-id", "ami-launch-index", "hostname", "instance-id", "instance-type", "local-hostname", "local-ipv4", "placement/", "public-hostname", "public-ipv4", "public-keys/", "reservation-id", "security-groups"]);
    expect(get("/latest/").body).toBe("dynamic\nmeta-data\nuser-data");
    expect(String(get("/").body)).toContain("latest");
  });

  it("serves user data raw and the identity document as JSON", () => {
    const u = get("/latest/user-data");
    expect(u.contentType).toBe("application/octet-stream");
    expect((u.body as Buffer).toString()).toBe("#!/bin/sh\necho hi\n");
    const doc = JSON.parse(String(get("/latest/dynamic/instance-identity/document").body));
    expect(doc).toMatchObject({ instanceId: meta.instanceId, imageId: meta.imageId, privateIp: "10.1.2.3", region: "us-east-1", availabilityZone: "us-east-1a", accountId: "123456789012", architecture: "i386" });
  });

  it("answers 404 for missing paths, as EC2 does", () => {
    expect(get("/latest/meta-data/nope").status).toBe(404);
    expect(get("/latest/meta-data/instance-id/extra").status).toBe(404);
    expect(get("/2099-01-01/meta-data/").status).toBe(404);
    const bare = { ...meta, publicIpv4: null, publicKey: null, keyName: null, userData: null };
    expect(get("/latest/meta-data/public-ipv4", {}, bare).status).toBe(404);
    expect(get("/latest/meta-data/public-keys/", {}, bare).status).toBe(404);
    expect(get("/latest/user-data", {}, bare).status).toBe(404);
  });

  it("IMDSv2: PUT a token, GET with it; bad or expired tokens are refused", () => {
    const put = answer(meta, { method: "PUT", path: "/latest/api/token", header: (n) => (n === "x-aws-ec2-metadata-token-ttl-seconds" ? "60" : null) }, key);
    expect(put.status).toBe(200);
    expect(get("/latest/meta-data/instance-id", { "x-aws-ec2-metadata-token": String(put.body) }).status).toBe(200);
    expect(get("/latest/meta-data/instance-id", { "x-aws-ec2-metadata-token": "forged" }).status).toBe(401);
    expect(answer(meta, { method: "PUT", path: "/latest/api/token", header: () => null }, key).status).toBe(400);
    expect(answer(meta, { method: "PUT", path: "/latest/api/token", header: () => "21601" }, key).status).toBe(400);
    const old = issueToken(meta.instanceId, 1, key, Date.now() - 5000);
    expect(tokenValid(old, meta.instanceId, key)).toBe(false);
    expect(tokenValid(issueToken("i-other", 60, key), meta.instanceId, key)).toBe(false);
  });

  it("an instance launched with tokens required refuses IMDSv1", () => {
    const strict = { ...meta, tokensRequired: true };
    expect(get("/latest/meta-data/instance-id", {}, strict).status).toBe(401);
    const token = issueToken(meta.instanceId, 60, key);
    expect(get("/latest/meta-data/instance-id", { "x-aws-ec2-metadata-token": token }, strict).status).toBe(200);
  });
});

describe("metadata options", () => {
  it("HttpEndpoint disabled: nothing is answered", () => {
    const m = { ...meta, endpointDisabled: true };
    expect(get("/latest/meta-data/instance-id", {}, m).status).toBe(403);
    expect(answer(m, { method: "PUT", path: "/latest/api/token", header: (n) => (n === "x-aws-ec2-metadata-token-ttl-seconds" ? "60" : null) }, key).status).toBe(403);
  });

  it("InstanceMetadataTags enabled: tags/instance lists the keys and serves each value", () => {
    const m = { ...meta, tags: { Name: "web-1", env: "prod", "a/b": "hidden" } };
    expect(get("/latest/meta-data/tags/instance", {}, m).body).toBe("Name\nenv");
    expect(get("/latest/meta-data/tags/instance/env", {}, m).body).toBe("prod");
    expect(get("/latest/meta-data/tags/instance/missing", {}, m).status).toBe(404);
    expect(get("/latest/meta-data/tags/instance/env", {}, meta).status).toBe(404);
  });

  it("names of object properties are not metadata paths", () => {
    for (const p of ["constructor", "toString", "__proto__", "hasOwnProperty"]) expect(get(`/latest/meta-data/${p}`).status).toBe(404);
    expect(get("/latest/meta-data/tags/instance/constructor", {}, { ...meta, tags: { Name: "x" } }).status).toBe(404);
  });
});
