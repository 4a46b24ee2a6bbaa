// Reboot, stop, start, terminate and simulated failure. Each verb records the
// intent (and the immediate state EC2 reports: stopping, shutting-down,
// pending); the reconciler has the provider carry it out and records the rest.
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { can, STATE_CODE, type InstanceAction, type InstanceState } from "../../instance-state";
import { instanceIdSchema } from "./schemas";
import { requireInstances } from "./describe";
import { liveCount } from "./launch";
import { takePublicIps, publicDns } from "../addresses/pool";
import type { TxCtx } from "../context";
import { actorLabel } from "../context";
import { notifyInstances } from "../../events";
import { chunks } from "../../sql/chunks";
import { elasticIpsOf } from "../addresses/elastic-ips";

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
  const rows = await requireInstances(ctx, ids);
  const images = await ctx.db.image.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.imageId))] } }, select: { id: true, rootDeviceType: true } });
  const root = new Map(images.map((i) => [i.id, i.rootDeviceType]));
  for (const r of rows) {
    if (idempotentIn.includes(r.state)) continue;
    const v = can[action]({ state: r.state, rootDeviceType: root.get(r.imageId) });
    if (!v.ok) throw new ServiceError(v.code, `${r.id}: ${v.reason}`, "instanceIds");
  }
  return rows;
}

async function transition(ctx: TxCtx, id: string, from: string, to: string, reasonCode: string, reasonMsg: string, data: Record<string, unknown> = {}) {
  const now = ctx.clock.now();
  await ctx.db.instance.update({
    where: { id },
    data: { state: to, stateReasonCode: reasonCode, stateReasonMsg: reasonMsg, stateChangedAt: now, nextCheckAt: now, ...data },
  });
  await ctx.db.stateTransition.create({ data: { instanceId: id, fromState: from, toState: to, reasonCode, reasonMsg, at: now } });
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
    const out: StateChange[] = [];
    for (const r of rows) {
      const from = r.state as InstanceState;
      if (from === "shutting-down" || from === "terminated") {
        out.push(change(r.id, from, from));
        continue;
      }
      await transition(ctx, r.id, from, "shutting-down", "Client.UserInitiatedShutdown", userReason(ctx, "User initiated shutdown"), { desiredState: "terminated", pendingAction: null });
      out.push(change(r.id, from, "shutting-down"));
    }
    audit.targets(...rows.map((r) => r.id));
    return out;
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
    for (const c of chunks(rows.map((r) => r.id))) await ctx.db.instance.updateMany({ where: { id: { in: c } }, data: { pendingAction: "reboot", nextCheckAt: now } });
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
    const out: StateChange[] = [];
    for (const r of rows) {
      const from = r.state as InstanceState;
      if (from === "stopping" || from === "stopped") {
        out.push(change(r.id, from, from));
        continue;
      }
      await transition(ctx, r.id, from, "stopping", "Client.UserInitiatedShutdown", userReason(ctx, "User initiated stop"), { desiredState: "stopped", pendingAction: null });
      out.push(change(r.id, from, "stopping"));
    }
    audit.targets(...rows.map((r) => r.id));
    return out;
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
    const out: StateChange[] = [];
    for (const r of rows) {
      const from = r.state as InstanceState;
      if (from !== "stopped") {
        out.push(change(r.id, from, from));
        continue;
      }
      const eip = eips.get(r.id);
      const ip = eip ? eip.publicIp : ips.shift()!;
      if (eip) await ctx.db.eipEvent.create({ data: { allocationId: eip.id, teamId: ctx.team.id, kind: "started", instanceId: r.id, associationId: eip.associationId, at: ctx.clock.now() } });
      await transition(ctx, r.id, from, "pending", "", userReason(ctx, "Started"), {
        desiredState: "running", publicIp: ip, publicDns: publicDns(ip), bootCount: { increment: 1 }, pendingAction: null,
      });
      out.push(change(r.id, from, "pending"));
    }
    audit.targets(...rows.map((r) => r.id));
    return out;
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
