// Issue 2 targets: launch of 1,000 < 2 s; instances page (first 50 rows) < 300 ms
// and its list query < 50 ms with 10,000 instances; server RSS < 300 MB.
import { benchWorld, stats } from "./world";
import { instancesPageMs, listQueryMs, seedTenThousand } from "./ten-thousand";

export async function foundationBench() {
  const w = await benchWorld();
  const seeded = await seedTenThousand(w);
  const listQuery = await listQueryMs(w);
  const { pages, rssMb } = await instancesPageMs(w, 3290);
  return {
    instances: 10_000,
    launch1000Ms: stats(seeded.launch1000Ms),
    reconcile9000TransitionsMs: +seeded.reconcileMs.toFixed(0),
    listQueryMs: listQuery,
    pageResponseMs: pages,
    serverRssMb: rssMb,
    targets: { launch1000Ms: "< 2000", pageResponseMs: "< 300", listQueryMs: "< 50", serverRssMb: "< 300" },
  };
}
