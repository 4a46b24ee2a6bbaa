-- CreateTable
CREATE TABLE "ElasticIp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "publicIp" TEXT NOT NULL,
    "instanceId" TEXT,
    "associationId" TEXT,
    "allocatedAt" DATETIME NOT NULL,
    "releasedAt" DATETIME
);

-- CreateTable
CREATE TABLE "EipEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "allocationId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "instanceId" TEXT,
    "at" DATETIME NOT NULL
);

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
