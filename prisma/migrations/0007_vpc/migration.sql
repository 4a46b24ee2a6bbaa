-- Issue 12: the EC2 of today. A default VPC per team with a default subnet per
-- zone, outbound rules, instance attributes and metadata options, EBS root
-- volumes, EC2's key fingerprints and association ids for Elastic IP events.
-- Additive only (new tables and defaulted columns), then a backfill.

-- AlterTable
ALTER TABLE "EipEvent" ADD COLUMN "associationId" TEXT;
ALTER TABLE "KeyPair" ADD COLUMN "awsFingerprint" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Instance" ADD COLUMN "subnetId" TEXT;
ALTER TABLE "Instance" ADD COLUMN "networkInterfaceId" TEXT;
ALTER TABLE "Instance" ADD COLUMN "disableApiTermination" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Instance" ADD COLUMN "disableApiStop" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Instance" ADD COLUMN "shutdownBehavior" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Instance" ADD COLUMN "sourceDestCheck" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Instance" ADD COLUMN "ebsOptimized" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Instance" ADD COLUMN "httpEndpoint" TEXT NOT NULL DEFAULT 'enabled';
ALTER TABLE "Instance" ADD COLUMN "httpPutResponseHopLimit" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Instance" ADD COLUMN "instanceMetadataTags" TEXT NOT NULL DEFAULT 'disabled';

-- Private addresses are unique within a subnet (each team's VPC has its own).
DROP INDEX "Instance_privateIp_key";
CREATE UNIQUE INDEX "Instance_subnetId_privateIp_key" ON "Instance"("subnetId", "privateIp");
CREATE UNIQUE INDEX "Instance_networkInterfaceId_key" ON "Instance"("networkInterfaceId");

-- CreateTable
CREATE TABLE "SecurityGroupEgress" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "fromPort" INTEGER NOT NULL,
    "toPort" INTEGER NOT NULL,
    "cidr" TEXT,
    "destGroupId" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL
);
CREATE INDEX "SecurityGroupEgress_groupId_idx" ON "SecurityGroupEgress"("groupId");
CREATE INDEX "SecurityGroupEgress_destGroupId_idx" ON "SecurityGroupEgress"("destGroupId");

CREATE TABLE "Vpc" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "cidrBlock" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL
);
CREATE INDEX "Vpc_teamId_idx" ON "Vpc"("teamId");

CREATE TABLE "Subnet" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "vpcId" TEXT NOT NULL,
    "availabilityZone" TEXT NOT NULL,
    "cidrBlock" TEXT NOT NULL,
    "defaultForAz" BOOLEAN NOT NULL DEFAULT false,
    "mapPublicIpOnLaunch" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL
);
CREATE INDEX "Subnet_teamId_idx" ON "Subnet"("teamId");
CREATE INDEX "Subnet_vpcId_idx" ON "Subnet"("vpcId");

CREATE TABLE "Volume" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "availabilityZone" TEXT NOT NULL,
    "sizeGiB" INTEGER NOT NULL,
    "volumeType" TEXT NOT NULL DEFAULT 'standard',
    "snapshotId" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL,
    "instanceId" TEXT,
    "device" TEXT,
    "deleteOnTermination" BOOLEAN NOT NULL DEFAULT true,
    "attachedAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    "deletedAt" DATETIME
);
CREATE INDEX "Volume_teamId_state_idx" ON "Volume"("teamId", "state");
CREATE INDEX "Volume_instanceId_idx" ON "Volume"("instanceId");

-- Backfill: every existing team gets its default VPC and subnets (the same
-- layout lib/control-plane/vpcs/defaults.ts gives new teams).
INSERT INTO "Vpc" ("id", "teamId", "cidrBlock", "isDefault", "createdAt")
  SELECT 'vpc-' || substr(lower(hex(randomblob(9))), 1, 17), "id", '172.31.0.0/16', true, "createdAt" FROM "Team";
INSERT INTO "Subnet" ("id", "teamId", "vpcId", "availabilityZone", "cidrBlock", "defaultForAz", "mapPublicIpOnLaunch", "createdAt")
  SELECT 'subnet-' || substr(lower(hex(randomblob(9))), 1, 17), v."teamId", v."id", z.az, z.cidr, true, true, v."createdAt"
  FROM "Vpc" v CROSS JOIN (SELECT 'us-east-1a' AS az, '172.31.0.0/20' AS cidr UNION ALL SELECT 'us-east-1b', '172.31.16.0/20' UNION ALL SELECT 'us-east-1c', '172.31.32.0/20') z;
-- Instances launched before keep their addresses, in their zone's default subnet.
UPDATE "Instance" SET
  "subnetId" = (SELECT s."id" FROM "Subnet" s WHERE s."teamId" = "Instance"."teamId" AND s."availabilityZone" = "Instance"."availabilityZone"),
  "networkInterfaceId" = 'eni-' || substr(lower(hex(randomblob(9))), 1, 17);
-- Every group allows all outbound traffic, as EC2's do until told otherwise.
INSERT INTO "SecurityGroupEgress" ("id", "groupId", "teamId", "protocol", "fromPort", "toPort", "cidr", "destGroupId", "description", "createdAt")
  SELECT 'sgr-' || substr(lower(hex(randomblob(9))), 1, 17), "id", "teamId", 'all', -1, -1, '0.0.0.0/0', NULL, '', "createdAt" FROM "SecurityGroup";
-- Fingerprints as EC2 shows them (an imported RSA key: MD5; ED25519: padded base64 SHA-256).
UPDATE "KeyPair" SET "awsFingerprint" = CASE WHEN "keyType" = 'ed25519' AND "fingerprintSha256" LIKE 'SHA256:%' THEN substr("fingerprintSha256", 8) || '=' ELSE "fingerprintMd5" END;
-- EBS-backed instances still around get their root volume.
INSERT INTO "Volume" ("id", "teamId", "availabilityZone", "sizeGiB", "volumeType", "state", "instanceId", "device", "deleteOnTermination", "attachedAt", "createdAt")
  SELECT 'vol-' || substr(lower(hex(randomblob(9))), 1, 17), i."teamId", i."availabilityZone", 8, 'standard', 'in-use', i."id", '/dev/sda1', true, i."launchedAt", i."launchedAt"
  FROM "Instance" i JOIN "Image" img ON img."id" = i."imageId" WHERE img."rootDeviceType" = 'ebs' AND i."state" <> 'terminated';
