// Issue 15: time from an instance group member's failure to its replacement
// running, with the real background loops (reconciler and group keeper) on a
// warp clock, at 1× and at 3600×. At 1× the image's boot (about 45 s) is most
// of it; the keeper's own reaction is reported apart.
import { benchWorld, stats } from "./world";
import { WarpClock } from "../lib/clock";
import { Reconciler } from "../lib/reconciler/reconciler";
import { GroupKeeper } from "../lib/reconciler/group-keeper";
import { SimProvider } from "../lib/providers/sim";
import { createLaunchTemplate } from "../lib/control-plane/launch-templates/templates";
import { createGroup } from "../lib/control-plane/instance-groups/groups";
import { simulateFailure } from "../lib/control-plane/instances/actions";
import { Prisma } from "../lib/generated/prisma/client";
import { readRows } from "../lib/sql/read-rows";
import os from "node:os";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(speed: number, members: number, rounds: number) {
  const w = await benchWorld();
  const clock = new WarpClock(w.clock.now().getTime(), Date.now(), speed);
  const ctx = { ...w.ctx, clock };
  const providers = new Map([["sim", new SimProvider()]]);
  const rec = new Reconciler(w.db, clock, providers);
  const keeper = new GroupKeeper(w.db, clock, providers);
  rec.start();
  keeper.start();
  await createLaunchTemplate({ ctx, input: { name: "bench", data: { imageId: "ami-f937d290", instanceType: "m1.small" } } });
  const g = await createGroup({ ctx, input: { name: "bench", templateName: "bench", minSize: members, maxSize: members, desired: members, zones: ["us-east-1a", "us-east-1b", "us-east-1c"] } });
  const state = () =>
    readRows<{ instanceId: string; lifecycle: string; state: string }>(w.db, Prisma.sql`SELECT m."instanceId", m."lifecycle", i."state" FROM "ScalingGroupMember" m JOIN "Instance" i ON i."id" = m."instanceId" WHERE m."groupId" = ${g.id}`);
  const healthy = async () => (await state()).filter((m) => m.lifecycle === "InService" && m.state === "running").length === members;
  while (!(await healthy())) await sleep(20);

  const totalMs: number[] = [];
  const reactionMs: number[] = [];
  const simSeconds: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Every member fails at once: each failure is one sample.
    const victims = (await state()).map((m) => m.instanceId);
    const t0 = performance.now();
    const s0 = clock.now().getTime();
    await Promise.all(victims.map((id) => simulateFailure({ ctx, input: { instanceId: id } })));
    const launched = new Set<string>();
    const running = new Set<string>();
    for (;;) {
      const fresh = (await state()).filter((m) => !victims.includes(m.instanceId));
      const ms = performance.now() - t0;
      for (const m of fresh) {
        if (!launched.has(m.instanceId)) (launched.add(m.instanceId), reactionMs.push(ms));
        if (m.lifecycle === "InService" && m.state === "running" && !running.has(m.instanceId)) {
          running.add(m.instanceId);
          totalMs.push(ms);
          simSeconds.push((clock.now().getTime() - s0) / 1000);
        }
      }
      if (running.size === members) break;
      await sleep(speed === 1 ? 50 : 10);
    }
  }
  await keeper.stop();
  await rec.stop();
  await w.db.$disconnect();
  return {
    speed,
    samples: totalMs.length,
    failureToReplacementRunningMs: stats(totalMs),
    failureToReplacementLaunchedMs: stats(reactionMs),
    failureToReplacementRunningSimSeconds: stats(simSeconds),
    imageBootSeconds: "45 ± 20% (Fedora 8, ami-f937d290)",
    loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
  };
}

export async function groupsBench() {
  return {
    at1x: await measure(1, 4, 1),
    at3600x: await measure(3600, 4, 10),
    note: "real background loops (reconciler, group keeper) in-process on a warp clock; all members of a group of 4 fail at once per round",
  };
}
