// Issue 11 targets: terminate, stop, start, reboot, create and delete tags on
// 1,000 instances < 200 ms each (the verb: validation, checks, writes and the
// audit record in its transaction), in a team of 10,000 instances.
import { benchWorld, ms, now, stats } from "./world";
import { launchInstances } from "../lib/control-plane/instances/launch";
import { rebootInstances, startInstances, stopInstances, terminateInstances } from "../lib/control-plane/instances/actions";
import { createTags, deleteTags } from "../lib/control-plane/tags/tags";
import { Reconciler } from "../lib/reconciler/reconciler";
import { SimProvider } from "../lib/providers/sim";

const BATCHES = 5;
const SIZE = 1000;

export async function bulkBench() {
  const w = await benchWorld();
  const ids: string[][] = [];
  for (let i = 0; i < 10; i++) {
    const r = await launchInstances({ ctx: w.ctx, input: { imageId: "ami-a6c13bcf", instanceType: "m1.large", minCount: SIZE, tags: [{ key: "Name", value: `batch-${i}` }] } });
    if (i < BATCHES) ids.push(r.instances.map((x) => x.id));
  }
  const rec = new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]]));
  const settle = async () => {
    w.clock.advance(600);
    await rec.tick();
  };
  await settle();

  const timed = async (fn: (batch: string[]) => Promise<unknown>) => {
    const samples: number[] = [];
    for (const batch of ids) {
      const t = now();
      await fn(batch);
      samples.push(ms(t));
    }
    return stats(samples);
  };
  const out = {
    createTags1000Ms: await timed((b) => createTags({ ctx: w.ctx, input: { resourceIds: b, tags: [{ key: "env", value: "bench" }, { key: "owner", value: "ops" }] } })),
    deleteTags1000Ms: await timed((b) => deleteTags({ ctx: w.ctx, input: { resourceIds: b, tags: [{ key: "owner" }] } })),
    reboot1000Ms: await timed((b) => rebootInstances({ ctx: w.ctx, input: { instanceIds: b } })),
    stop1000Ms: await timed((b) => stopInstances({ ctx: w.ctx, input: { instanceIds: b } })),
    start1000Ms: await (async () => {
      await settle();
      return timed((b) => startInstances({ ctx: w.ctx, input: { instanceIds: b } }));
    })(),
    terminate1000Ms: await (async () => {
      await settle();
      return timed((b) => terminateInstances({ ctx: w.ctx, input: { instanceIds: b } }));
    })(),
  };
  const states = await w.db.instance.groupBy({ by: ["state"], _count: { _all: true } });
  await w.db.$disconnect();
  return { instances: 10 * SIZE, perCall: SIZE, ...out, finalStates: Object.fromEntries(states.map((s) => [s.state, s._count._all])), targets: { each1000Ms: "< 200" } };
}
