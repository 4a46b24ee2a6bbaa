// Migration 0007_vpc on a database of the release before: existing teams get
// their default VPC and subnets, instances their subnet and interface, groups
// the all-traffic outbound rule, key pairs EC2's fingerprint, EBS instances
// their root volume; and the result works with today's verbs.
import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "../../sql/migrate";
import { createDb } from "../../db";
import { ManualClock } from "../../clock";
import { describeVpcs, describeSubnets } from "./vpcs";
import { describeSecurityGroups } from "../groups/groups";
import { describeKeyPairs } from "../keys/keys";
import { describeVolumes } from "../volumes/volumes";
import { launchInstances } from "../instances/launch";
import { systemCtx } from "../system";
import { DEFAULT_SUBNET_CIDRS } from "./defaults";
import { seedCatalog } from "../catalog/seed";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-mig-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("migration 0007_vpc", () => {
  it("backfills what today's EC2 has for data made before it", async () => {
    const all = path.resolve("prisma/migrations");
    const before = path.join(dir, "before");
    for (const name of fs.readdirSync(all).filter((n) => n < "0007")) fs.cpSync(path.join(all, name), path.join(before, name), { recursive: true });
    const file = path.join(dir, "old.db");
    migrate(file, before);
    const t = Date.parse("2026-01-05T00:00:00Z");
    const db = new Database(file);
    db.prepare(`INSERT INTO "Team" ("id", "name", "instanceLimit", "createdAt") VALUES ('team-1', 'Old', 20, ?)`).run(t);
    db.prepare(`INSERT INTO "Image" ("id", "name", "architecture", "rootDeviceType", "visibility", "ownerAlias", "createdAt") VALUES ('ami-a6c13bcf', 'EBS', 'x86_64', 'ebs', 'public', 'amazon', ?), ('ami-f937d290', 'Fedora', 'i386', 'instance-store', 'public', 'amazon', ?)`).run(t, t);
    const inst = db.prepare(`INSERT INTO "Instance" ("id", "teamId", "reservationId", "launchIndex", "imageId", "instanceType", "provider", "launchedBy", "availabilityZone", "state", "desiredState", "privateIp", "launchedAt", "stateChangedAt", "seq") VALUES (?, 'team-1', 'r-00000001', 0, ?, ?, 'sim', 'x', ?, ?, 'running', ?, ?, ?, ?)`);
    inst.run("i-00000001", "ami-a6c13bcf", "m1.large", "us-east-1b", "running", "10.0.0.7", t, t, 1);
    inst.run("i-00000002", "ami-f937d290", "m1.small", "us-east-1c", "running", "10.0.0.8", t, t, 2);
    inst.run("i-00000003", "ami-a6c13bcf", "m1.large", "us-east-1a", "terminated", null, t, t, 3);
    db.prepare(`INSERT INTO "SecurityGroup" ("id", "teamId", "name", "description", "createdAt") VALUES ('sg-00000001', 'team-1', 'default', 'default group', ?)`).run(t);
    db.prepare(`INSERT INTO "KeyPair" ("id", "teamId", "name", "keyType", "publicKey", "fingerprintSha256", "fingerprintMd5", "createdAt") VALUES ('key-00000001', 'team-1', 'rsa', 'rsa', 'ssh-rsa AAAA', 'SHA256:abc', 'aa:bb', ?), ('key-00000002', 'team-1', 'ed', 'ed25519', 'ssh-ed25519 AAAA', 'SHA256:lStoPkyzvhbUS3TYOOHJawVr4t8XYwBOmQ4d3D+yH+Y', 'cc:dd', ?)`).run(t, t);
    db.close();

    expect(migrate(file, all)).toEqual(fs.readdirSync(all).filter((n) => n >= "0007").sort());
    const prisma = createDb(`file:${file}`);
    try {
      const ctx = systemCtx(prisma, new ManualClock("2026-02-01T00:00:00Z"), { id: "team-1", name: "Old" });
      const [vpc] = await describeVpcs({ ctx, input: {} });
      expect(vpc).toMatchObject({ cidrBlock: "172.31.0.0/16", isDefault: true });
      const subnets = await describeSubnets({ ctx, input: {} });
      expect(subnets.map((s) => [s.availabilityZone, s.cidrBlock, s.vpcId, s.defaultForAz])).toEqual(Object.entries(DEFAULT_SUBNET_CIDRS).map(([z, c]) => [z, c, vpc.id, true]));
      const rows = await prisma.instance.findMany({ orderBy: { id: "asc" } });
      expect(rows.map((r) => subnets.find((s) => s.id === r.subnetId)?.availabilityZone)).toEqual(["us-east-1b", "us-east-1c", "us-east-1a"]);
      expect(rows.every((r) => /^eni-[0-9a-f]{17}$/.test(r.networkInterfaceId!))).toBe(true);
      expect(rows.map((r) => r.privateIp)).toEqual(["10.0.0.7", "10.0.0.8", null]); // kept as they were
      expect((await describeSecurityGroups({ ctx, input: {} }))[0].egress.map((r) => [r.protocol, r.cidr])).toEqual([["all", "0.0.0.0/0"]]);
      expect((await describeKeyPairs({ ctx, input: {} })).map((k) => [k.name, k.fingerprint])).toEqual([["ed", "lStoPkyzvhbUS3TYOOHJawVr4t8XYwBOmQ4d3D+yH+Y="], ["rsa", "aa:bb"]]);
      expect((await describeVolumes({ ctx, input: {} })).map((v) => [v.attachment?.instanceId, v.sizeGiB, v.state])).toEqual([["i-00000001", 8, "in-use"]]);
      // And it launches into its new subnets.
      await seedCatalog(prisma, new Date());
      const r = await launchInstances({ ctx, input: { imageId: "ami-f937d290", availabilityZone: "us-east-1b" } });
      expect(r.instances[0].privateIp).toMatch(/^172\.31\.(1[6-9]|2\d|3[01])\./);
    } finally {
      await prisma.$disconnect();
    }
  });
});
