// Recording what providers observed: state transitions at the time they
// happened, with their side effects (addresses released on stop and
// terminate). Called by the reconciler as the system actor.
import type { Db, Tx } from "../../db";
import type { Observation } from "../../providers/types";
import { canTransition, isState, type InstanceState } from "../../instance-state";

export const afterTransition: Array<(db: Tx, instanceId: string, to: InstanceState, at: Date) => Promise<void>> = [];

export interface Observed {
  instanceId: string;
  state: string;
  observation: Observation;
}

/** Applies a batch of observations in one transaction; returns ids that changed. */
export async function recordObservations(db: Db, items: Observed[]): Promise<string[]> {
  const changed: string[] = [];
  if (items.length === 0) return changed;
  await db.$transaction(
    async (tx) => {
      for (const { instanceId, state, observation: o } of items) {
        let current = state as InstanceState;
        const data: Record<string, unknown> = { nextCheckAt: o.nextCheckAt };
        if (o.rebootedAt) {
          await tx.stateTransition.create({ data: { instanceId, fromState: "running", toState: "running", reasonCode: "Client.UserInitiatedReboot", reasonMsg: "Rebooted", at: o.rebootedAt } });
          Object.assign(data, { pendingAction: null, bootCount: { increment: 1 } });
        }
        for (const t of o.transitions) {
          if (!isState(t.to) || !canTransition(current, t.to)) continue;
          await tx.stateTransition.create({ data: { instanceId, fromState: current, toState: t.to, reasonCode: t.reasonCode ?? "", reasonMsg: t.reasonMsg ?? "", at: t.at } });
          Object.assign(data, { state: t.to, stateChangedAt: t.at, stateReasonCode: t.reasonCode ?? "", stateReasonMsg: t.reasonMsg ?? "" });
          if (t.to === "stopped") Object.assign(data, { publicIp: null, publicDns: "", pendingAction: null });
          if (t.to === "terminated")
            Object.assign(data, { publicIp: null, publicDns: "", privateIp: null, privateDns: "", terminatedAt: t.at, pendingAction: null, nextCheckAt: null, ...(t.storageLost ? { storageLost: true } : {}) });
          for (const hook of afterTransition) await hook(tx, instanceId, t.to, t.at);
          current = t.to;
        }
        await tx.instance.update({ where: { id: instanceId }, data });
        if (o.transitions.length || o.rebootedAt) changed.push(instanceId);
      }
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
  return changed;
}
