// Issue 15: DNS answers per second from the authoritative server (UDP, with
// 64 queries in flight from one client socket), over a mix of names: a fixed
// A record, one that follows an instance, one that follows a group of 3, a
// CNAME chased to an Elastic IP, and a name that does not exist.
import dgram from "node:dgram";
import os from "node:os";
import * as packet from "dns-packet";
import { benchWorld, stats } from "./world";
import { startDnsServer } from "../lib/dns/server";
import { dbLookup } from "../lib/dns/lookup";
import { createZone, putRecordSet } from "../lib/control-plane/dns/zones";
import { launchInstances } from "../lib/control-plane/instances/launch";
import { allocateAddress } from "../lib/control-plane/addresses/elastic-ips";
import { createLaunchTemplate } from "../lib/control-plane/launch-templates/templates";
import { createGroup } from "../lib/control-plane/instance-groups/groups";
import { Reconciler } from "../lib/reconciler/reconciler";
import { GroupKeeper } from "../lib/reconciler/group-keeper";
import { SimProvider } from "../lib/providers/sim";

const PORT = 5362 + Number(process.env.BENCH_DNS_PORT_OFFSET ?? 0);
const SECONDS = 5;
const IN_FLIGHT = 64;

export async function dnsBench() {
  const w = await benchWorld();
  const ctx = w.ctx;
  const providers = new Map([["sim", new SimProvider()]]);
  await createLaunchTemplate({ ctx, input: { name: "web", data: { imageId: "ami-f937d290" } } });
  await createGroup({ ctx, input: { name: "web", templateName: "web", minSize: 3, maxSize: 3, zones: ["us-east-1a", "us-east-1b"] } });
  const keeper = new GroupKeeper(w.db, w.clock, providers);
  const rec = new Reconciler(w.db, w.clock, providers);
  await keeper.tick();
  const inst = (await launchInstances({ ctx, input: { imageId: "ami-f937d290" } })).instances[0].id;
  w.clock.advance(120);
  await rec.tick();
  await keeper.tick();
  const eip = await allocateAddress({ ctx, input: {} });
  await createZone({ ctx, input: { name: "example.com" } });
  await putRecordSet({ ctx, input: { zone: "example.com", name: "fixed", type: "A", ttl: 60, values: [{ kind: "ip", value: "192.0.2.1" }, { kind: "ip", value: "192.0.2.2" }] } });
  await putRecordSet({ ctx, input: { zone: "example.com", name: "inst", type: "A", ttl: 60, values: [{ kind: "instance", value: inst }] } });
  await putRecordSet({ ctx, input: { zone: "example.com", name: "www", type: "A", ttl: 7200, values: [{ kind: "group", value: "web" }] } });
  await putRecordSet({ ctx, input: { zone: "example.com", name: "static", type: "A", ttl: 86400, values: [{ kind: "eip", value: eip.allocationId }] } });
  await putRecordSet({ ctx, input: { zone: "example.com", name: "alias", type: "CNAME", ttl: 3600, values: [{ kind: "name", value: "static.example.com" }] } });

  const server = await startDnsServer(dbLookup(w.db), { port: PORT, bind: "127.0.0.1" });
  const names = ["fixed", "inst", "www", "alias", "missing"].map((n) => `${n}.example.com`);
  const sock = dgram.createSocket("udp4");
  const sentAt = new Map<number, number>();
  const latency: number[] = [];
  let answered = 0;
  let errors = 0;
  let id = 0;
  let stop = false;
  const send = () => {
    if (stop) return;
    id = (id + 1) & 0xffff;
    sentAt.set(id, performance.now());
    sock.send(packet.encode({ type: "query", id, questions: [{ type: "A", name: names[id % names.length] }] }), PORT, "127.0.0.1");
  };
  sock.on("message", (msg) => {
    const r = packet.decode(msg);
    const t = sentAt.get(r.id ?? -1);
    if (t !== undefined) {
      latency.push(performance.now() - t);
      sentAt.delete(r.id!);
    }
    const rcode = (r as unknown as { rcode: string }).rcode;
    if (rcode !== "NOERROR" && rcode !== "NXDOMAIN") errors++;
    answered++;
    send();
  });
  await new Promise<void>((r) => sock.bind(0, "127.0.0.1", () => r()));
  const t0 = performance.now();
  for (let i = 0; i < IN_FLIGHT; i++) send();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  stop = true;
  const elapsed = (performance.now() - t0) / 1000;
  sock.close();
  await server.close();
  await w.db.$disconnect();
  return { answersPerSecond: Math.round(answered / elapsed), answered, errors, inFlight: IN_FLIGHT, latencyMs: stats(latency), names, loadAverage: os.loadavg().map((x) => +x.toFixed(2)), note: "server and load generator share one process and the machine's 2 cores" };
}
