-- CreateTable
CREATE TABLE "LaunchTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "defaultVersion" INTEGER NOT NULL DEFAULT 1,
    "latestVersion" INTEGER NOT NULL DEFAULT 1,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "LaunchTemplateVersion" (
    "templateId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "teamId" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "imageId" TEXT NOT NULL,
    "instanceType" TEXT NOT NULL,
    "keyName" TEXT,
    "securityGroups" TEXT NOT NULL DEFAULT '[]',
    "userData" TEXT,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("templateId", "version")
);

-- CreateTable
CREATE TABLE "ScalingGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "templateVersion" TEXT NOT NULL DEFAULT '$Default',
    "minSize" INTEGER NOT NULL,
    "maxSize" INTEGER NOT NULL,
    "desired" INTEGER NOT NULL,
    "zones" TEXT NOT NULL,
    "healthCheckType" TEXT NOT NULL DEFAULT 'EC2',
    "healthCheckPort" INTEGER,
    "healthCheckPath" TEXT NOT NULL DEFAULT '/',
    "gracePeriod" INTEGER NOT NULL DEFAULT 300,
    "elasticIpId" TEXT,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "nextCheckAt" DATETIME,
    "launchBackoffUntil" DATETIME,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ScalingGroupMember" (
    "groupId" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "instanceId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "availabilityZone" TEXT NOT NULL,
    "lifecycle" TEXT NOT NULL,
    "health" TEXT NOT NULL DEFAULT 'Healthy',
    "healthReason" TEXT NOT NULL DEFAULT '',
    "failedChecks" INTEGER NOT NULL DEFAULT 0,
    "activityId" TEXT,
    "joinedAt" DATETIME NOT NULL,

    PRIMARY KEY ("groupId", "slot")
);

-- CreateTable
CREATE TABLE "ScalingActivity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "cause" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusMessage" TEXT NOT NULL DEFAULT '',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "instanceId" TEXT,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ScheduledScaling" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "recurrence" TEXT,
    "startTime" DATETIME,
    "endTime" DATETIME,
    "minSize" INTEGER,
    "maxSize" INTEGER,
    "desired" INTEGER,
    "nextRunAt" DATETIME,
    "lastRunAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ZoneOutage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "zone" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "endsAt" DATETIME,
    "endedAt" DATETIME,
    "startedBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "DnsZone" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "serial" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DnsRecordSet" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "zoneId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "ttl" INTEGER NOT NULL,
    "values" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "LaunchTemplate_teamId_name_key" ON "LaunchTemplate"("teamId", "name");

-- CreateIndex
CREATE INDEX "LaunchTemplateVersion_teamId_idx" ON "LaunchTemplateVersion"("teamId");

-- CreateIndex
CREATE INDEX "ScalingGroup_nextCheckAt_idx" ON "ScalingGroup"("nextCheckAt");

-- CreateIndex
CREATE UNIQUE INDEX "ScalingGroup_teamId_name_key" ON "ScalingGroup"("teamId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ScalingGroupMember_instanceId_key" ON "ScalingGroupMember"("instanceId");

-- CreateIndex
CREATE INDEX "ScalingGroupMember_teamId_idx" ON "ScalingGroupMember"("teamId");

-- CreateIndex
CREATE INDEX "ScalingActivity_groupId_startedAt_idx" ON "ScalingActivity"("groupId", "startedAt");

-- CreateIndex
CREATE INDEX "ScalingActivity_instanceId_idx" ON "ScalingActivity"("instanceId");

-- CreateIndex
CREATE INDEX "ScheduledScaling_nextRunAt_idx" ON "ScheduledScaling"("nextRunAt");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduledScaling_groupId_name_key" ON "ScheduledScaling"("groupId", "name");

-- CreateIndex
CREATE INDEX "ZoneOutage_teamId_zone_idx" ON "ZoneOutage"("teamId", "zone");

-- CreateIndex
CREATE UNIQUE INDEX "DnsZone_name_key" ON "DnsZone"("name");

-- CreateIndex
CREATE INDEX "DnsZone_teamId_idx" ON "DnsZone"("teamId");

-- CreateIndex
CREATE INDEX "DnsRecordSet_teamId_idx" ON "DnsRecordSet"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "DnsRecordSet_zoneId_name_type_key" ON "DnsRecordSet"("zoneId", "name", "type");
