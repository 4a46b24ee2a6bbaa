-- CreateTable
CREATE TABLE "ConsoleOutput" (
    "instanceId" TEXT NOT NULL PRIMARY KEY,
    "text" TEXT NOT NULL DEFAULT '',
    "firstSeq" INTEGER NOT NULL DEFAULT 1,
    "nextSeq" INTEGER NOT NULL DEFAULT 1,
    "bytes" INTEGER NOT NULL DEFAULT 0,
    "droppedLines" INTEGER NOT NULL DEFAULT 0,
    "pumpedUntil" DATETIME NOT NULL,
    "nextLineAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ScheduledEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "instanceId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "notBefore" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL DEFAULT '',
    "completedAt" DATETIME,
    "canceledAt" DATETIME
);

-- CreateIndex
CREATE INDEX "ConsoleOutput_nextLineAt_idx" ON "ConsoleOutput"("nextLineAt");

-- CreateIndex
CREATE INDEX "ScheduledEvent_instanceId_idx" ON "ScheduledEvent"("instanceId");

-- CreateIndex
CREATE INDEX "ScheduledEvent_teamId_completedAt_idx" ON "ScheduledEvent"("teamId", "completedAt");
