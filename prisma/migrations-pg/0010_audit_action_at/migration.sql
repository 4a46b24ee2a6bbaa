-- DropIndex
DROP INDEX "AuditEvent_teamId_action_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_teamId_action_at_idx" ON "AuditEvent"("teamId", "action", "at");
