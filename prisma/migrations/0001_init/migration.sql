-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT,
    "passwordChangedAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "instanceLimit" INTEGER NOT NULL DEFAULT 20,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Membership" (
    "userId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "teamId"),
    CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "ip" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "teamId" TEXT,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targets" TEXT NOT NULL DEFAULT '',
    "sourceIp" TEXT NOT NULL DEFAULT '',
    "result" TEXT NOT NULL,
    "details" TEXT NOT NULL DEFAULT ''
);

-- CreateTable
CREATE TABLE "Image" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL,
    "deregisteredAt" DATETIME
);

-- CreateTable
CREATE TABLE "InstanceType" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "ownerTeamId" TEXT,
    "memoryMiB" INTEGER NOT NULL,
    "vcpus" INTEGER NOT NULL,
    "ecuPerCore" REAL NOT NULL,
    "storageGb" INTEGER NOT NULL,
    "architecture" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PriceBook" (
    "teamId" TEXT NOT NULL PRIMARY KEY,
    "billingMode" TEXT NOT NULL DEFAULT 'hourly',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Rate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL DEFAULT '',
    "micros" BIGINT NOT NULL,
    "effectiveFrom" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "createdById" TEXT
);

-- CreateTable
CREATE TABLE "Reservation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "launchedBy" TEXT NOT NULL,
    "clientToken" TEXT,
    "requestHash" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "launchedAt" DATETIME NOT NULL,
    "stateChangedAt" DATETIME NOT NULL,
    "nextCheckAt" DATETIME,
    "terminatedAt" DATETIME,
    "tokensRequired" BOOLEAN NOT NULL DEFAULT false,
    "storageLost" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "StateTransition" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "instanceId" TEXT NOT NULL,
    "fromState" TEXT NOT NULL,
    "toState" TEXT NOT NULL,
    "reasonCode" TEXT NOT NULL DEFAULT '',
    "reasonMsg" TEXT NOT NULL DEFAULT '',
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Tag" (
    "teamId" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL DEFAULT '',

    PRIMARY KEY ("resourceId", "key")
);

-- CreateTable
CREATE TABLE "SecurityGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SecurityGroupRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "fromPort" INTEGER NOT NULL,
    "toPort" INTEGER NOT NULL,
    "cidr" TEXT,
    "sourceGroupId" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "InstanceGroup" (
    "instanceId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,

    PRIMARY KEY ("instanceId", "groupId")
);

-- CreateTable
CREATE TABLE "KeyPair" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keyType" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "fingerprintSha256" TEXT NOT NULL,
    "fingerprintMd5" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
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
CREATE INDEX "AuditEvent_teamId_at_idx" ON "AuditEvent"("teamId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_teamId_action_idx" ON "AuditEvent"("teamId", "action");

-- CreateIndex
CREATE INDEX "Image_ownerTeamId_idx" ON "Image"("ownerTeamId");

-- CreateIndex
CREATE INDEX "InstanceType_name_idx" ON "InstanceType"("name");

-- CreateIndex
CREATE INDEX "Rate_teamId_kind_key_effectiveFrom_idx" ON "Rate"("teamId", "kind", "key", "effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "Reservation_teamId_clientToken_key" ON "Reservation"("teamId", "clientToken");

-- CreateIndex
CREATE UNIQUE INDEX "Instance_privateIp_key" ON "Instance"("privateIp");

-- CreateIndex
CREATE UNIQUE INDEX "Instance_publicIp_key" ON "Instance"("publicIp");

-- CreateIndex
CREATE INDEX "Instance_teamId_state_idx" ON "Instance"("teamId", "state");

-- CreateIndex
CREATE INDEX "Instance_teamId_launchedAt_idx" ON "Instance"("teamId", "launchedAt");

-- CreateIndex
CREATE INDEX "Instance_nextCheckAt_idx" ON "Instance"("nextCheckAt");

-- CreateIndex
CREATE INDEX "Instance_reservationId_idx" ON "Instance"("reservationId");

-- CreateIndex
CREATE INDEX "StateTransition_instanceId_at_idx" ON "StateTransition"("instanceId", "at");

-- CreateIndex
CREATE INDEX "Tag_teamId_key_value_idx" ON "Tag"("teamId", "key", "value");

-- CreateIndex
CREATE UNIQUE INDEX "SecurityGroup_teamId_name_key" ON "SecurityGroup"("teamId", "name");

-- CreateIndex
CREATE INDEX "SecurityGroupRule_groupId_idx" ON "SecurityGroupRule"("groupId");

-- CreateIndex
CREATE INDEX "SecurityGroupRule_sourceGroupId_idx" ON "SecurityGroupRule"("sourceGroupId");

-- CreateIndex
CREATE INDEX "InstanceGroup_groupId_idx" ON "InstanceGroup"("groupId");

-- CreateIndex
CREATE UNIQUE INDEX "KeyPair_teamId_name_key" ON "KeyPair"("teamId", "name");
