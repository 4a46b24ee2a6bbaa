// The 10,000-instance team of issue 2's targets and what is measured on it:
// the list query in-process, and the instances page from a built server.
// The foundation section runs it on SQLite, the replicas section on PostgreSQL.
import { ms, now, stats, type BenchWorld } from "./world";
import { ensureBuild, sessionCookie, startServer } from "./server";
import { launchInstances } from "../lib/control-plane/instances/launch";
import { terminateInstances } from "../lib/control-plane/instances/actions";
import { listInstances } from "../lib/control-plane/instances/list";
import { Reconciler } from "../lib/reconciler/reconciler";
import { SimProvider } from "../lib/providers/sim";

/** 10 launches of 1,000 (timed), booted by one reconciler pass (timed), 1,000 of them terminated. */
export async function seedTenThousand(w: BenchWorld) {
  const launches: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = now();
    await launchInstances({ ctx: w.ctx, input: { imageId: i % 2 ? "ami-f937d290" : "ami-1c5db975", minCount: 1000, tags: [{ key: "Name", value: `web-${i}` }, { key: "batch", value: String(i) }] } });
    launches.push(ms(t0));
    w.clock.advance(60);
  }
  const rec = new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]]));
  w.clock.advance(120);
  const t0 = now();
  await rec.tick();
  const reconcileMs = ms(t0);
  const some = await w.db.instance.findMany({ take: 1000, select: { id: true } });
  await terminateInstances({ ctx: w.ctx, input: { instanceIds: some.map((s) => s.id) } });
  w.clock.advance(30);
  await rec.tick();
  return { launch1000Ms: launches, reconcileMs };
}

export async function listQueryMs(w: BenchWorld) {
  const q = async (input: Parameters<typeof listInstances>[0]["input"]) => {
    const samples: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = now();
      await listInstances({ ctx: w.ctx, input });
      samples.push(ms(t));
    }
    return stats(samples.slice(5));
  };
  return {
    unfiltered: await q({}),
    byState: await q({ states: ["running"] }),
    byTypeAndTag: await q({ types: ["m1.small"], tags: ["batch=3"] }),
    search: await q({ q: "web-7" }),
    sortedByName: await q({ sort: "name", dir: "asc", page: 40 }),
  };
}

/** Disconnects the world's client, serves its database and times the instances pages; the server is stopped after. */
export async function instancesPageMs(w: BenchWorld, basePort: number) {
  ensureBuild();
  const { cookie } = await sessionCookie(w);
  // Simulated time continues from the bench clock.
  await w.db.setting.upsert({ where: { key: "clock.sim" }, create: { key: "clock.sim", value: String(w.clock.now().getTime()) }, update: { value: String(w.clock.now().getTime()) } });
  await w.db.$disconnect();
  const server = await startServer(w.dir, basePort, { DATABASE_URL: w.url });
  const page = async (path: string, expect: string) => {
    const samples: number[] = [];
    for (let i = 0; i < 25; i++) {
      const t = now();
      const res = await fetch(server.url + path, { headers: { cookie } });
      const body = await res.text();
      if (!res.ok || !body.includes(expect)) throw new Error(`${path} answered ${res.status}`);
      samples.push(ms(t));
    }
    return stats(samples.slice(5));
  };
  try {
    const pages = {
      unfiltered: await page("/instances", "Showing 1–50 of 9,000"),
      filtered: await page("/instances?state=running&type=m1.small", "Showing 1–50 of"),
      json: await page("/api/instances?state=running&tag=batch%3D4", '"total":'),
    };
    return { pages, rssMb: server.rssMb() };
  } finally {
    await server.stop();
  }
}
