-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT,
    "passwordChangedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "instanceLimit" INTEGER NOT NULL DEFAULT 20,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "userId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("userId","teamId")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "ip" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "AccessKey" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "secretEnc" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Active',
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "AccessKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "teamId" TEXT,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targets" TEXT NOT NULL DEFAULT '',
    "sourceIp" TEXT NOT NULL DEFAULT '',
    "result" TEXT NOT NULL,
    "details" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Image" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "architecture" TEXT NOT NULL,
    "rootDeviceType" TEXT NOT NULL,
    "visibility" TEXT NOT NULL,
    "ownerTeamId" TEXT,
    "ownerAlias" TEXT NOT NULL,
    "provider" TEXT NOT NULL DEFAULT 'sim',
    "distro" TEXT NOT NULL DEFAULT 'linux',
    "kernel" TEXT NOT NULL DEFAULT '',
    "bootSeconds" INTEGER NOT NULL DEFAULT 30,
    "profile" TEXT NOT NULL DEFAULT 'idle',
    "state" TEXT NOT NULL DEFAULT 'available',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "deregisteredAt" TIMESTAMP(3),

    CONSTRAINT "Image_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstanceType" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ownerTeamId" TEXT,
    "memoryMiB" INTEGER NOT NULL,
    "vcpus" INTEGER NOT NULL,
    "ecuPerCore" DOUBLE PRECISION NOT NULL,
    "storageGb" INTEGER NOT NULL,
    "architecture" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InstanceType_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PriceBook" (
    "teamId" TEXT NOT NULL,
    "billingMode" TEXT NOT NULL DEFAULT 'hourly',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PriceBook_pkey" PRIMARY KEY ("teamId")
);

-- CreateTable
CREATE TABLE "Rate" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL DEFAULT '',
    "micros" BIGINT NOT NULL,
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT,

    CONSTRAINT "Rate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reservation" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "launchedBy" TEXT NOT NULL,
    "clientToken" TEXT,
    "requestHash" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Reservation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "reservationId" TEXT NOT NULL,
    "launchIndex" INTEGER NOT NULL,
    "imageId" TEXT NOT NULL,
    "instanceType" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "launchedBy" TEXT NOT NULL,
    "keyName" TEXT,
    "publicKey" TEXT,
    "userData" TEXT,
    "availabilityZone" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "desiredState" TEXT NOT NULL,
    "stateReasonCode" TEXT NOT NULL DEFAULT '',
    "stateReasonMsg" TEXT NOT NULL DEFAULT '',
    "pendingAction" TEXT,
    "bootCount" INTEGER NOT NULL DEFAULT 1,
    "privateIp" TEXT,
    "publicIp" TEXT,
    "privateDns" TEXT NOT NULL DEFAULT '',
    "publicDns" TEXT NOT NULL DEFAULT '',
    "launchedAt" TIMESTAMP(3) NOT NULL,
    "stateChangedAt" TIMESTAMP(3) NOT NULL,
    "nextCheckAt" TIMESTAMP(3),
    "terminatedAt" TIMESTAMP(3),
    "tokensRequired" BOOLEAN NOT NULL DEFAULT false,
    "storageLost" BOOLEAN NOT NULL DEFAULT false,
    "seq" INTEGER,
    "subnetId" TEXT,
    "networkInterfaceId" TEXT,
    "disableApiTermination" BOOLEAN NOT NULL DEFAULT false,
    "disableApiStop" BOOLEAN NOT NULL DEFAULT false,
    "shutdownBehavior" TEXT NOT NULL DEFAULT '',
    "sourceDestCheck" BOOLEAN NOT NULL DEFAULT true,
    "ebsOptimized" BOOLEAN NOT NULL DEFAULT false,
    "httpEndpoint" TEXT NOT NULL DEFAULT 'enabled',
    "httpPutResponseHopLimit" INTEGER NOT NULL DEFAULT 1,
    "instanceMetadataTags" TEXT NOT NULL DEFAULT 'disabled',

    CONSTRAINT "Instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StateTransition" (
    "id" SERIAL NOT NULL,
    "instanceId" TEXT NOT NULL,
    "fromState" TEXT NOT NULL,
    "toState" TEXT NOT NULL,
    "reasonCode" TEXT NOT NULL DEFAULT '',
    "reasonMsg" TEXT NOT NULL DEFAULT '',
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StateTransition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tag" (
    "teamId" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("resourceId","key")
);

-- CreateTable
CREATE TABLE "ConsoleOutput" (
    "instanceId" TEXT NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "firstSeq" INTEGER NOT NULL DEFAULT 1,
    "nextSeq" INTEGER NOT NULL DEFAULT 1,
    "bytes" INTEGER NOT NULL DEFAULT 0,
    "droppedLines" INTEGER NOT NULL DEFAULT 0,
    "pumpedUntil" TIMESTAMP(3) NOT NULL,
    "nextLineAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsoleOutput_pkey" PRIMARY KEY ("instanceId")
);

-- CreateTable
CREATE TABLE "ScheduledEvent" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "notBefore" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL DEFAULT '',
    "completedAt" TIMESTAMP(3),
    "canceledAt" TIMESTAMP(3),

    CONSTRAINT "ScheduledEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SecurityGroup" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SecurityGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SecurityGroupRule" (
    "id" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "fromPort" INTEGER NOT NULL,
    "toPort" INTEGER NOT NULL,
    "cidr" TEXT,
    "sourceGroupId" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SecurityGroupRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SecurityGroupEgress" (
    "id" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "fromPort" INTEGER NOT NULL,
    "toPort" INTEGER NOT NULL,
    "cidr" TEXT,
    "destGroupId" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SecurityGroupEgress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstanceGroup" (
    "instanceId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,

    CONSTRAINT "InstanceGroup_pkey" PRIMARY KEY ("instanceId","groupId")
);

-- CreateTable
CREATE TABLE "KeyPair" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keyType" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "fingerprintSha256" TEXT NOT NULL,
    "fingerprintMd5" TEXT NOT NULL,
    "awsFingerprint" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KeyPair_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ElasticIp" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "publicIp" TEXT NOT NULL,
    "instanceId" TEXT,
    "associationId" TEXT,
    "allocatedAt" TIMESTAMP(3) NOT NULL,
    "releasedAt" TIMESTAMP(3),

    CONSTRAINT "ElasticIp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EipEvent" (
    "id" SERIAL NOT NULL,
    "allocationId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "instanceId" TEXT,
    "associationId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EipEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Vpc" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "cidrBlock" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Vpc_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Subnet" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "vpcId" TEXT NOT NULL,
    "availabilityZone" TEXT NOT NULL,
    "cidrBlock" TEXT NOT NULL,
    "defaultForAz" BOOLEAN NOT NULL DEFAULT false,
    "mapPublicIpOnLaunch" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Subnet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Volume" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "availabilityZone" TEXT NOT NULL,
    "sizeGiB" INTEGER NOT NULL,
    "volumeType" TEXT NOT NULL DEFAULT 'standard',
    "snapshotId" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL,
    "instanceId" TEXT,
    "device" TEXT,
    "deleteOnTermination" BOOLEAN NOT NULL DEFAULT true,
    "attachedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Volume_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrafficDay" (
    "instanceSeq" INTEGER NOT NULL,
    "day" INTEGER NOT NULL,
    "bytesIn" BIGINT NOT NULL DEFAULT 0,
    "bytesOut" BIGINT NOT NULL DEFAULT 0,
    "bytesInternal" BIGINT NOT NULL DEFAULT 0,
    "inExact" BIGINT NOT NULL DEFAULT 0,
    "outExact" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "TrafficDay_pkey" PRIMARY KEY ("instanceSeq","day")
);

-- CreateTable
CREATE TABLE "TrafficHour" (
    "instanceSeq" INTEGER NOT NULL,
    "hour" INTEGER NOT NULL,
    "bytesIn" BIGINT NOT NULL DEFAULT 0,
    "bytesOut" BIGINT NOT NULL DEFAULT 0,
    "bytesInternal" BIGINT NOT NULL DEFAULT 0,
    "inExact" BIGINT NOT NULL DEFAULT 0,
    "outExact" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "TrafficHour_pkey" PRIMARY KEY ("instanceSeq","hour")
);

-- CreateTable
CREATE TABLE "Budget" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "amountMicros" BIGINT NOT NULL,
    "tagKey" TEXT,
    "tagValue" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Budget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BudgetAlert" (
    "id" SERIAL NOT NULL,
    "budgetId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amountMicros" BIGINT NOT NULL,
    "thresholdMicros" BIGINT NOT NULL,
    "firedAt" TIMESTAMP(3) NOT NULL,
    "acknowledgedAt" TIMESTAMP(3),

    CONSTRAINT "BudgetAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "LaunchTemplate" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "defaultVersion" INTEGER NOT NULL DEFAULT 1,
    "latestVersion" INTEGER NOT NULL DEFAULT 1,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LaunchTemplate_pkey" PRIMARY KEY ("id")
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
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LaunchTemplateVersion_pkey" PRIMARY KEY ("templateId","version")
);

-- CreateTable
CREATE TABLE "ScalingGroup" (
    "id" TEXT NOT NULL,
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
    "nextCheckAt" TIMESTAMP(3),
    "launchBackoffUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScalingGroup_pkey" PRIMARY KEY ("id")
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
    "joinedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScalingGroupMember_pkey" PRIMARY KEY ("groupId","slot")
);

-- CreateTable
CREATE TABLE "ScalingActivity" (
    "id" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "cause" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusMessage" TEXT NOT NULL DEFAULT '',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "instanceId" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "ScalingActivity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduledScaling" (
    "id" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "recurrence" TEXT,
    "startTime" TIMESTAMP(3),
    "endTime" TIMESTAMP(3),
    "minSize" INTEGER,
    "maxSize" INTEGER,
    "desired" INTEGER,
    "nextRunAt" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScheduledScaling_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ZoneOutage" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "zone" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "startedBy" TEXT NOT NULL,

    CONSTRAINT "ZoneOutage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DnsZone" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "serial" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DnsZone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DnsRecordSet" (
    "id" TEXT NOT NULL,
    "zoneId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "ttl" INTEGER NOT NULL,
    "values" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DnsRecordSet_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Team_name_key" ON "Team"("name");

-- CreateIndex
CREATE INDEX "Membership_teamId_idx" ON "Membership"("teamId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_teamId_idx" ON "Invitation"("teamId");

-- CreateIndex
CREATE INDEX "AccessKey_userId_idx" ON "AccessKey"("userId");

-- CreateIndex
CREATE INDEX "AccessKey_teamId_idx" ON "AccessKey"("teamId");

-- CreateIndex
CREATE INDEX "AuditEvent_teamId_at_idx" ON "AuditEvent"("teamId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_teamId_action_idx" ON "AuditEvent"("teamId", "action");

-- CreateIndex
CREATE INDEX "AuditEvent_teamId_actorLabel_idx" ON "AuditEvent"("teamId", "actorLabel");

-- CreateIndex
CREATE INDEX "Image_ownerTeamId_idx" ON "Image"("ownerTeamId");

-- CreateIndex
CREATE INDEX "InstanceType_name_idx" ON "InstanceType"("name");

-- CreateIndex
CREATE INDEX "Rate_teamId_kind_key_effectiveFrom_idx" ON "Rate"("teamId", "kind", "key", "effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "Reservation_teamId_clientToken_key" ON "Reservation"("teamId", "clientToken");

-- CreateIndex
CREATE UNIQUE INDEX "Instance_publicIp_key" ON "Instance"("publicIp");

-- CreateIndex
CREATE UNIQUE INDEX "Instance_seq_key" ON "Instance"("seq");

-- CreateIndex
CREATE UNIQUE INDEX "Instance_networkInterfaceId_key" ON "Instance"("networkInterfaceId");

-- CreateIndex
CREATE INDEX "Instance_teamId_state_idx" ON "Instance"("teamId", "state");

-- CreateIndex
CREATE INDEX "Instance_teamId_launchedAt_idx" ON "Instance"("teamId", "launchedAt");

-- CreateIndex
CREATE INDEX "Instance_nextCheckAt_idx" ON "Instance"("nextCheckAt");

-- CreateIndex
CREATE INDEX "Instance_reservationId_idx" ON "Instance"("reservationId");

-- CreateIndex
CREATE UNIQUE INDEX "Instance_subnetId_privateIp_key" ON "Instance"("subnetId", "privateIp");

-- CreateIndex
CREATE INDEX "StateTransition_instanceId_at_idx" ON "StateTransition"("instanceId", "at");

-- CreateIndex
CREATE INDEX "Tag_teamId_key_value_idx" ON "Tag"("teamId", "key", "value");

-- CreateIndex
CREATE INDEX "ConsoleOutput_nextLineAt_idx" ON "ConsoleOutput"("nextLineAt");

-- CreateIndex
CREATE INDEX "ScheduledEvent_instanceId_idx" ON "ScheduledEvent"("instanceId");

-- CreateIndex
CREATE INDEX "ScheduledEvent_teamId_completedAt_idx" ON "ScheduledEvent"("teamId", "completedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SecurityGroup_teamId_name_key" ON "SecurityGroup"("teamId", "name");

-- CreateIndex
CREATE INDEX "SecurityGroupRule_groupId_idx" ON "SecurityGroupRule"("groupId");

-- CreateIndex
CREATE INDEX "SecurityGroupRule_sourceGroupId_idx" ON "SecurityGroupRule"("sourceGroupId");

-- CreateIndex
CREATE INDEX "SecurityGroupEgress_groupId_idx" ON "SecurityGroupEgress"("groupId");

-- CreateIndex
CREATE INDEX "SecurityGroupEgress_destGroupId_idx" ON "SecurityGroupEgress"("destGroupId");

-- CreateIndex
CREATE INDEX "InstanceGroup_groupId_idx" ON "InstanceGroup"("groupId");

-- CreateIndex
CREATE UNIQUE INDEX "KeyPair_teamId_name_key" ON "KeyPair"("teamId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ElasticIp_instanceId_key" ON "ElasticIp"("instanceId");

-- CreateIndex
CREATE INDEX "ElasticIp_teamId_idx" ON "ElasticIp"("teamId");

-- CreateIndex
CREATE INDEX "ElasticIp_publicIp_idx" ON "ElasticIp"("publicIp");

-- CreateIndex
CREATE INDEX "EipEvent_teamId_at_idx" ON "EipEvent"("teamId", "at");

-- CreateIndex
CREATE INDEX "EipEvent_allocationId_at_idx" ON "EipEvent"("allocationId", "at");

-- CreateIndex
CREATE INDEX "Vpc_teamId_idx" ON "Vpc"("teamId");

-- CreateIndex
CREATE INDEX "Subnet_teamId_idx" ON "Subnet"("teamId");

-- CreateIndex
CREATE INDEX "Subnet_vpcId_idx" ON "Subnet"("vpcId");

-- CreateIndex
CREATE INDEX "Volume_teamId_state_idx" ON "Volume"("teamId", "state");

-- CreateIndex
CREATE INDEX "Volume_instanceId_idx" ON "Volume"("instanceId");

-- CreateIndex
CREATE INDEX "TrafficDay_day_idx" ON "TrafficDay"("day");

-- CreateIndex
CREATE INDEX "TrafficHour_hour_idx" ON "TrafficHour"("hour");

-- CreateIndex
CREATE INDEX "Budget_teamId_idx" ON "Budget"("teamId");

-- CreateIndex
CREATE INDEX "BudgetAlert_teamId_firedAt_idx" ON "BudgetAlert"("teamId", "firedAt");

-- CreateIndex
CREATE UNIQUE INDEX "BudgetAlert_budgetId_month_kind_key" ON "BudgetAlert"("budgetId", "month", "kind");

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

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

