-- AlterTable
ALTER TABLE "Instance" ADD COLUMN "seq" INTEGER;

-- CreateTable
CREATE TABLE "TrafficDay" (
    "instanceSeq" INTEGER NOT NULL,
    "day" INTEGER NOT NULL,
    "bytesIn" BIGINT NOT NULL DEFAULT 0,
    "bytesOut" BIGINT NOT NULL DEFAULT 0,
    "bytesInternal" BIGINT NOT NULL DEFAULT 0,
    "inExact" BIGINT NOT NULL DEFAULT 0,
    "outExact" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("instanceSeq", "day")
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

    PRIMARY KEY ("instanceSeq", "hour")
);

-- CreateTable
CREATE TABLE "Budget" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "amountMicros" BIGINT NOT NULL,
    "tagKey" TEXT,
    "tagValue" TEXT,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BudgetAlert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "budgetId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amountMicros" BIGINT NOT NULL,
    "thresholdMicros" BIGINT NOT NULL,
    "firedAt" DATETIME NOT NULL,
    "acknowledgedAt" DATETIME
);

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
CREATE UNIQUE INDEX "Instance_seq_key" ON "Instance"("seq");

-- Existing instances get their metering keys in launch order.
UPDATE "Instance" SET "seq" = r.n FROM (SELECT "id", ROW_NUMBER() OVER (ORDER BY "launchedAt", "id") AS n FROM "Instance") AS r WHERE "Instance"."id" = r."id";
