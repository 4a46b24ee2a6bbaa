// Issue 5 targets: 100 concurrent SSE viewers of one instance — p95 delay from
// the writer storing a line to a viewer receiving it < 250 ms; server RSS
// growth < 50 MB. The bench process drives the instance through the shared
// database (launch, reboots); the server's reconciler and console writer do
// the rest, as they would for any change.
import { benchWorld, stats } from "./world";
import { ensureBuild, sessionCookie, startServer } from "./server";
import { launchInstances } from "../lib/control-plane/instances/launch";
import { rebootInstances } from "../lib/control-plane/instances/actions";

const VIEWERS = 100;

export async function consoleBench() {
  ensureBuild();
  const w = await benchWorld(new Date().toISOString());
  const { cookie } = await sessionCookie(w);
  const server = await startServer(w.dir, 3292, { STRATUS_SIM_SPEED: "20" });
  try {
    // warm the server up, then measure its memory before the viewers come
    for (let i = 0; i < 5; i++) await fetch(`${server.url}/api/instances`, { headers: { cookie } });
    const id = (await launchInstances({ ctx: w.ctx, input: { imageId: "ami-f937d290" } })).instances[0].id;
    await w.db.consoleOutput.create({ data: { instanceId: id, pumpedUntil: new Date(Date.now() - 1), nextLineAt: new Date(), updatedAt: new Date() } });
    const rssBefore = server.rssMb();

    const delays: number[] = [];
    const received = new Array<number>(VIEWERS).fill(0);
    const controllers: AbortController[] = [];
    const readers = Array.from({ length: VIEWERS }, async (_, n) => {
      const ac = new AbortController();
      controllers.push(ac);
      const res = await fetch(`${server.url}/api/instances/${id}/console`, { headers: { cookie, accept: "text/event-stream" }, signal: ac.signal });
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      let buf = "";
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += dec.decode(value, { stream: true });
          let i: number;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = block.split("\n").find((l) => l.startsWith("data: "));
            if (!data || !block.includes("event: lines")) continue;
            const d = JSON.parse(data.slice(6)) as { lines: string[]; writtenAt?: number };
            received[n] += d.lines.length;
            if (d.writtenAt) for (let k = 0; k < d.lines.length; k++) delays.push(Date.now() - d.writtenAt);
          }
        }
      } catch {
        /* aborted */
      }
    });
    // boot, then reboot four times (each: a shutdown and a new boot)
    await new Promise((r) => setTimeout(r, 4000));
    for (let i = 0; i < 4; i++) {
      await rebootInstances({ ctx: w.ctx, input: { instanceIds: [id] } });
      await new Promise((r) => setTimeout(r, 3000));
    }
    const rssAfter = server.rssMb();
    for (const c of controllers) c.abort();
    await Promise.allSettled(readers);
    const total = received.reduce((a, b) => a + b, 0);
    return {
      viewers: VIEWERS,
      linesPerViewer: { min: Math.min(...received), max: Math.max(...received) },
      linesDelivered: total,
      deliveryDelayMs: stats(delays),
      serverRssMb: { before: rssBefore, withViewers: rssAfter, growth: rssAfter - rssBefore },
      targets: { p95DelayMs: "< 250", rssGrowthMb: "< 50" },
    };
  } finally {
    await server.stop();
    await w.db.$disconnect();
  }
}
