// Recording what providers observed: state transitions at the time they
// happened, with their side effects (addresses released on stop and
// terminate). Called by the reconciler as the system actor. Batched: a boot
// wave of thousands of instances is a few statements, not thousands.
import { Prisma } from "../../generated/prisma/client";
import type { Db, Tx } from "../../db";
import type { Observation } from "../../providers/types";
import { canTransition, isState, type InstanceState } from "../../instance-state";
import { chunks } from "../../sql/chunks";
import { execSql, readRows, transaction } from "../../sql/read-rows";
import { insertRows } from "../../sql/insert";
import { sameAs, typed } from "../../sql/dialect";

export const afterTransition: Array<(db: Tx, instanceId: string, to: InstanceState, at: Date) => Promise<void>> = [];

export interface Observed {
  instanceId: string;
  /** The row as the provider saw it: if a verb has changed it since, this observation is stale and skipped. */
  state: string;
  desiredState: string;
  pendingAction: string | null;
  observation: Observation;
}

interface Update {
  id: string;
  expect: { state: string; desiredState: string; pendingAction: string | null };
  state: string;
  changedAt: Date | null;
  reasonCode: string | null;
  reasonMsg: string | null;
  nextCheckAt: Date | null;
  clearAction: boolean;
  bootDelta: number;
}

/** Applies a batch of observations in one transaction; returns ids that changed. */
export async function recordObservations(db: Db, items: Observed[]): Promise<string[]> {
  const changed: string[] = [];
  const updates: Update[] = [];
  const transitions: Prisma.StateTransitionCreateManyInput[] = [];
  const stopped: string[] = [];
  const terminated: { id: string; at: Date; storageLost: boolean }[] = [];
  const hooks: { id: string; to: InstanceState; at: Date }[] = [];
  const completedEvents: { id: string; instanceId: string; at: Date }[] = [];

  for (const { instanceId: id, state, desiredState, pendingAction, observation: o } of items) {
    let current = state as InstanceState;
    const u: Update = { id, expect: { state, desiredState, pendingAction }, state, changedAt: null, reasonCode: null, reasonMsg: null, nextCheckAt: o.nextCheckAt, clearAction: false, bootDelta: 0 };
    if (o.rebootedAt) {
      transitions.push({ instanceId: id, fromState: "running", toState: "running", reasonCode: o.rebootReason?.code ?? "Client.UserInitiatedReboot", reasonMsg: o.rebootReason?.message ?? "Rebooted", at: o.rebootedAt });
      u.clearAction = true;
      u.bootDelta = 1;
    }
    for (const t of o.transitions) {
      if (!isState(t.to) || !canTransition(current, t.to)) continue;
      transitions.push({ instanceId: id, fromState: current, toState: t.to, reasonCode: t.reasonCode ?? "", reasonMsg: t.reasonMsg ?? "", at: t.at });
      Object.assign(u, { state: t.to, changedAt: t.at, reasonCode: t.reasonCode ?? "", reasonMsg: t.reasonMsg ?? "" });
      if (t.to === "stopped") stopped.push(id);
      if (t.to === "terminated") terminated.push({ id, at: t.at, storageLost: Boolean(t.storageLost) });
      if (t.to === "stopped" || t.to === "terminated") u.clearAction = true;
      if (afterTransition.length) hooks.push({ id, to: t.to, at: t.at });
      current = t.to;
    }
    for (const e of o.completedEvents ?? []) completedEvents.push({ id: e, instanceId: id, at: o.rebootedAt ?? o.transitions[0]?.at ?? new Date() });
    if (current === "terminated") u.nextCheckAt = null;
    updates.push(u);
    if (o.transitions.length || o.rebootedAt) changed.push(id);
  }
  if (updates.length === 0) return changed;

  await transaction(
    db,
    async (tx) => {
      // Only rows still as the provider saw them are written: a verb that
      // changed one meanwhile (stop, reboot, terminate) wins, and the instance
      // is looked at again on the next pass.
      const applied = new Set<string>();
      for (const part of chunks(updates, 80)) {
        const values = Prisma.join(
          part.map(
            (u) =>
              Prisma.sql`(${u.id}, ${u.state}, ${typed(u.changedAt, "timestamp")}, ${u.reasonCode}, ${u.reasonMsg}, ${typed(u.nextCheckAt, "timestamp")}, ${typed(u.clearAction ? 1 : 0, "int")}, ${typed(u.bootDelta, "int")}, ${u.expect.state}, ${u.expect.desiredState}, ${typed(u.expect.pendingAction, "text")})`,
          ),
        );
        // VALUES columns are column1..column11 in SQLite and PostgreSQL alike.
        const rows = await readRows<{ id: string }>(
          tx,
          Prisma.sql`UPDATE "Instance" SET
            "state" = v.column2,
            "stateChangedAt" = COALESCE(v.column3, "Instance"."stateChangedAt"),
            "stateReasonCode" = COALESCE(v.column4, "Instance"."stateReasonCode"),
            "stateReasonMsg" = COALESCE(v.column5, "Instance"."stateReasonMsg"),
            "nextCheckAt" = v.column6,
            "pendingAction" = CASE WHEN v.column7 = 1 THEN NULL ELSE "Instance"."pendingAction" END,
            "bootCount" = "Instance"."bootCount" + v.column8
          FROM (VALUES ${values}) AS v
          WHERE "Instance"."id" = v.column1 AND "Instance"."state" = v.column9 AND "Instance"."desiredState" = v.column10 AND ${sameAs(Prisma.sql`"Instance"."pendingAction"`, Prisma.sql`v.column11`)}
          RETURNING "id"`,
        );
        for (const r of rows) applied.add(r.id);
      }
      const mine = <T>(xs: T[], id: (x: T) => string) => xs.filter((x) => applied.has(id(x)));
      transitions.splice(0, transitions.length, ...mine(transitions, (t) => t.instanceId));
      stopped.splice(0, stopped.length, ...mine(stopped, (x) => x));
      terminated.splice(0, terminated.length, ...mine(terminated, (t) => t.id));
      hooks.splice(0, hooks.length, ...mine(hooks, (h) => h.id));
      for (const id of [...changed]) if (!applied.has(id)) changed.splice(changed.indexOf(id), 1);
      completedEvents.splice(0, completedEvents.length, ...mine(completedEvents, (e) => e.instanceId));
      await insertRows(tx, "StateTransition", ["instanceId", "fromState", "toState", "reasonCode", "reasonMsg", "at"], transitions.map((t) => [t.instanceId, t.fromState, t.toState, t.reasonCode ?? "", t.reasonMsg ?? "", t.at]));
      for (const part of chunks(stopped)) await execSql(tx, Prisma.sql`UPDATE "Instance" SET "publicIp" = NULL, "publicDns" = '' WHERE "id" IN (${Prisma.join(part)})`);
      for (const t of terminated)
        await execSql(
          tx,
          Prisma.sql`UPDATE "Instance" SET "publicIp" = NULL, "publicDns" = '', "privateIp" = NULL, "privateDns" = '', "terminatedAt" = ${t.at}${t.storageLost ? Prisma.sql`, "storageLost" = ${true}` : Prisma.empty} WHERE "id" = ${t.id}`,
        );
      for (const e of completedEvents) await execSql(tx, Prisma.sql`UPDATE "ScheduledEvent" SET "completedAt" = ${e.at} WHERE "id" = ${e.id}`);
      for (const h of hooks) for (const hook of afterTransition) await hook(tx, h.id, h.to, h.at);
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
  return changed;
}
