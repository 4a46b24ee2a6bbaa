// Reboot, stop, start, terminate and simulated failure. Each verb records the
// intent (and the immediate state EC2 reports: stopping, shutting-down,
// pending); the reconciler has the provider carry it out and records the rest.
// A thousand instances cost a few statements (one UPDATE for all, their
// transitions in multi-row INSERTs), not two per instance.
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { can, STATE_CODE, type InstanceAction, type InstanceState } from "../../instance-state";
import { instanceIdSchema } from "./schemas";
import { requireInstanceStates } from "./describe";
import { liveCount } from "./launch";
import { takePublicIps, publicDns } from "../addresses/pool";
import type { TxCtx } from "../context";
import { actorLabel } from "../context";
import { notifyInstances } from "../../events";
import { elasticIpsOf } from "../addresses/elastic-ips";
import { Prisma } from "../../generated/prisma/client";
import { execSql, readRows } from "../../sql/read-rows";
import { inList } from "../../sql/in-list";
import { insertRows } from "../../sql/insert";

const idsInput = z.object({ instanceIds: z.array(instanceIdSchema).max(1000).refine((a) => a.length > 0, { message: "Name at least one instance.", params: { code: "MissingParameter" } }) });

export interface StateChange {
  instanceId: string;
  previousState: { code: number; name: InstanceState };
  currentState: { code: number; name: InstanceState };
}

const change = (instanceId: string, from: InstanceState, to: InstanceState): StateChange => ({
  instanceId,
  previousState: { code: STATE_CODE[from], name: from },
  currentState: { code: STATE_CODE[to], name: to },
});

/** Loads the instances and their images' root device types, and refuses the whole call if any can't take the action. */
async function loadChecked(ctx: TxCtx, ids: string[], action: InstanceAction, idempotentIn: string[] = []) {
  const rows = await requireInstanceStates(ctx, ids);
  const images = await readRows<{ id: string; rootDeviceType: string }>(ctx.db, Prisma.sql`SELECT "id", "rootDeviceType" FROM "Image" WHERE ${inList(Prisma.sql`"id"`, [...new Set(rows.map((r) => r.imageId))])}`);
  const root = new Map(images.map((i) => [i.id, i.rootDeviceType]));
  for (const r of rows) {
    if (idempotentIn.includes(r.state)) continue;
    const v = can[action]({ state: r.state, rootDeviceType: root.get(r.imageId) });
    if (!v.ok) throw new ServiceError(v.code, `${r.id}: ${v.reason}`, "instanceIds");
  }
  return rows;
}

/** Moves these instances (each from its own state) to `to`, with one reason, and records each transition. */
async function transitionAll(ctx: TxCtx, rows: { id: string; state: string }[], to: InstanceState, reasonCode: string, reasonMsg: string, set: { desiredState: string; startsBoot?: boolean }) {
  if (rows.length === 0) return;
  const now = ctx.clock.now();
  await execSql(
    ctx.db,
    Prisma.sql`UPDATE "Instance" SET "state" = ${to}, "stateReasonCode" = ${reasonCode}, "stateReasonMsg" = ${reasonMsg}, "stateChangedAt" = ${now}, "nextCheckAt" = ${now},
      "desiredState" = ${set.desiredState}, "pendingAction" = NULL ${set.startsBoot ? Prisma.sql`, "bootCount" = "bootCount" + 1` : Prisma.empty}
      WHERE "teamId" = ${ctx.team.id} AND ${inList(Prisma.sql`"id"`, rows.map((r) => r.id))}`,
  );
  await insertRows(ctx.db, "StateTransition", ["instanceId", "fromState", "toState", "reasonCode", "reasonMsg", "at"], rows.map((r) => [r.id, r.state, to, reasonCode, reasonMsg, now]));
}

const userReason = (ctx: TxCtx, what: string) => `${what} by ${actorLabel(ctx.actor)}`;
const notify = ({ output }: { output: StateChange[] }) => notifyInstances(output.map((c) => c.instanceId));

export const terminateInstances = defineVerb({
  kind: "write",
  name: "TerminateInstances",
  permission: "instances.terminate",
  input: idsInput,
  failureTargets: (i) => i.instanceIds,
  async run({ ctx, input, audit }) {
    const rows = await loadChecked(ctx, input.instanceIds, "terminate", ["shutting-down", "terminated"]);
    // Termination protection refuses the whole call, as EC2 does.
    const locked = rows.find((r) => r.disableApiTermination && r.state !== "terminated" && r.state !== "shutting-down");
    if (locked)
      throw new ServiceError("OperationNotPermitted", `The instance '${locked.id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`, "instanceIds");
    const moving = rows.filter((r) => r.state !== "shutting-down" && r.state !== "terminated");
    const movingIds = new Set(moving.map((r) => r.id));
    await transitionAll(ctx, moving, "shutting-down", "Client.UserInitiatedShutdown", userReason(ctx, "User initiated shutdown"), { desiredState: "terminated" });
    audit.targets(...rows.map((r) => r.id));
    return rows.map((r) => change(r.id, r.state as InstanceState, movingIds.has(r.id) ? "shutting-down" : (r.state as InstanceState)));
  },
  after: notify,
});

export const rebootInstances = defineVerb({
  kind: "write",
  name: "RebootInstances",
  permission: "instances.reboot",
  input: idsInput,
  failureTargets: (i) => i.instanceIds,
  async run({ ctx, input, audit }) {
    const rows = await loadChecked(ctx, input.instanceIds, "reboot");
    const now = ctx.clock.now();
    await execSql(ctx.db, Prisma.sql`UPDATE "Instance" SET "pendingAction" = 'reboot', "nextCheckAt" = ${now} WHERE "teamId" = ${ctx.team.id} AND ${inList(Prisma.sql`"id"`, rows.map((r) => r.id))}`);
    audit.targets(...rows.map((r) => r.id));
    return rows.map((r) => change(r.id, r.state as InstanceState, r.state as InstanceState));
  },
  after: notify,
});

export const stopInstances = defineVerb({
  kind: "write",
  name: "StopInstances",
  permission: "instances.stop",
  input: idsInput,
  failureTargets: (i) => i.instanceIds,
  async run({ ctx, input, audit }) {
    const rows = await loadChecked(ctx, input.instanceIds, "stop", ["stopping", "stopped"]);
    const locked = rows.find((r) => r.disableApiStop && r.state !== "stopping" && r.state !== "stopped");
    if (locked) throw new ServiceError("OperationNotPermitted", `The instance '${locked.id}' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.`, "instanceIds");
    const moving = rows.filter((r) => r.state !== "stopping" && r.state !== "stopped");
    const movingIds = new Set(moving.map((r) => r.id));
    await transitionAll(ctx, moving, "stopping", "Client.UserInitiatedShutdown", userReason(ctx, "User initiated stop"), { desiredState: "stopped" });
    audit.targets(...rows.map((r) => r.id));
    return rows.map((r) => change(r.id, r.state as InstanceState, movingIds.has(r.id) ? "stopping" : (r.state as InstanceState)));
  },
  after: notify,
});

export const startInstances = defineVerb({
  kind: "write",
  name: "StartInstances",
  permission: "instances.start",
  input: idsInput,
  failureTargets: (i) => i.instanceIds,
  async run({ ctx, input, audit }) {
    const rows = await loadChecked(ctx, input.instanceIds, "start", ["pending", "running"]);
    const toStart = rows.filter((r) => r.state === "stopped");
    const team = await ctx.db.team.findUniqueOrThrow({ where: { id: ctx.team.id }, select: { instanceLimit: true } });
    const room = team.instanceLimit - (await liveCount(ctx));
    if (toStart.length > room)
      throw new ServiceError("InstanceLimitExceeded", `Your team's limit is ${team.instanceLimit} running instances; ${Math.max(room, 0)} more can start.`, "instanceIds");
    // An instance with an Elastic IP starts with it; the others get a new address.
    const eips = await elasticIpsOf(ctx.db, toStart.map((r) => r.id));
    const ips = await takePublicIps(ctx.db, toStart.length - eips.size);
    await transitionAll(ctx, toStart, "pending", "", userReason(ctx, "Started"), { desiredState: "running", startsBoot: true });
    // Each its own public address: one prepared statement, run per instance.
    for (const r of toStart) {
      const eip = eips.get(r.id);
      const ip = eip ? eip.publicIp : ips.shift()!;
      await execSql(ctx.db, Prisma.sql`UPDATE "Instance" SET "publicIp" = ${ip}, "publicDns" = ${publicDns(ip)} WHERE "id" = ${r.id}`);
    }
    if (eips.size)
      await insertRows(ctx.db, "EipEvent", ["allocationId", "teamId", "kind", "instanceId", "associationId", "at"], [...eips].map(([instanceId, e]) => [e.id, ctx.team.id, "started", instanceId, e.associationId, ctx.clock.now()]));
    audit.targets(...rows.map((r) => r.id));
    return rows.map((r) => change(r.id, r.state as InstanceState, r.state === "stopped" ? "pending" : (r.state as InstanceState)));
  },
  after: notify,
});

export const simulateFailure = defineVerb({
  kind: "write",
  name: "SimulateHardwareFailure",
  permission: "instances.fail",
  input: z.object({ instanceId: instanceIdSchema }),
  failureTargets: (i) => [i.instanceId],
  async run({ ctx, input, audit }) {
    const [r] = await loadChecked(ctx, [input.instanceId], "simulateFailure");
    await ctx.db.instance.update({ where: { id: r.id }, data: { pendingAction: "fail", desiredState: "terminated", nextCheckAt: ctx.clock.now() } });
    audit.targets(r.id);
    return [change(r.id, r.state as InstanceState, r.state as InstanceState)];
  },
  after: notify,
});
