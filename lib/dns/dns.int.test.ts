// The authoritative DNS server on a real port, asked with dig (Debian's
// bind9-dnsutils): A records with their TTLs, records that follow an
// instance, an Elastic IP and an instance group, CNAMEs, the apex's SOA and
// NS, NODATA and NXDOMAIN with the SOA, REFUSED outside the zones, TCP, and
// messages that are not proper queries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import dgram from "node:dgram";
import * as packet from "dns-packet";
import { testWorld, type TestWorld } from "../testing/db";
import { startDnsServer, respond, type DnsServer } from "./server";
import { dbLookup } from "./lookup";
import { createZone, putRecordSet, listRecordSets, deleteRecordSet } from "../control-plane/dns/zones";
import { launchInstances } from "../control-plane/instances/launch";
import { simulateFailure } from "../control-plane/instances/actions";
import { allocateAddress } from "../control-plane/addresses/elastic-ips";
import { Reconciler } from "../reconciler/reconciler";
import { SimProvider } from "../providers/sim";
import type { DnsLookup } from "./answer";

const run = promisify(execFile);
// dns-packet decodes the response code, though its types leave it out.
const rcode = (b: Buffer) => (packet.decode(b) as unknown as { rcode: string }).rcode;
const PORT = Number(process.env.STRATUS_TEST_DNS_PORT ?? 5361);
let w: TestWorld;
let server: DnsServer;
let rec: Reconciler;
let web: string;

async function dig(...args: string[]) {
  const { stdout } = await run("dig", ["@127.0.0.1", "-p", String(PORT), "+norec", "+time=2", "+tries=1", ...args]);
  const status = /status: (\w+)/.exec(stdout)?.[1];
  const flags = /flags: ([a-z ]+);/.exec(stdout)?.[1].split(" ") ?? [];
  const section = (name: string) => {
    const m = new RegExp(`;; ${name} SECTION:\\n([\\s\\S]*?)(\\n\\n|$)`).exec(stdout);
    return (m?.[1] ?? "").split("\n").filter(Boolean).map((l) => l.split(/\s+/));
  };
  return { stdout, status, flags, answer: section("ANSWER"), authority: section("AUTHORITY") };
}

beforeAll(async () => {
  w = await testWorld();
  rec = new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]]));
  server = await startDnsServer(dbLookup(w.db), { port: PORT, bind: "127.0.0.1" });
  await createZone({ ctx: w.ctx(), input: { name: "Example.com." } });
  web = (await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290" } })).instances[0].id;
  w.clock.advance(120);
  await rec.tick();
});
afterAll(async () => {
  await server.close();
  await w.close();
});

describe("the DNS server, asked with dig", () => {
  it("answers A records with their TTL, authoritatively, for the seed's two strategies", async () => {
    await putRecordSet({ ctx: w.ctx(), input: { zone: "example.com", name: "aiderss", type: "A", ttl: 60, values: [{ kind: "ip", value: "72.44.48.168" }] } });
    await putRecordSet({ ctx: w.ctx(), input: { zone: "example.com", name: "www.mogulus.example.com.", type: "A", ttl: 7200, values: [{ kind: "ip", value: "67.202.12.112" }, { kind: "ip", value: "72.44.57.45" }] } });
    const one = await dig("aiderss.example.com", "A");
    expect(one.status).toBe("NOERROR");
    expect(one.flags).toContain("aa");
    expect(one.flags).not.toContain("ra");
    expect(one.answer).toEqual([["aiderss.example.com.", "60", "IN", "A", "72.44.48.168"]]);
    const two = await dig("WWW.Mogulus.example.com", "A");
    expect(two.answer.map((r) => [r[1], r[4]]).sort()).toEqual([["7200", "67.202.12.112"], ["7200", "72.44.57.45"]]);
    expect(two.answer[0][0]).toBe("WWW.Mogulus.example.com."); // the question's case, as asked
  });

  it("follows an instance: its public address while it runs, nothing once it has died", async () => {
    await putRecordSet({ ctx: w.ctx(), input: { zone: "example.com", name: "site", type: "A", ttl: 60, values: [{ kind: "instance", value: web }] } });
    const ip = (await w.db.instance.findUniqueOrThrow({ where: { id: web } })).publicIp!;
    expect((await dig("site.example.com")).answer).toEqual([["site.example.com.", "60", "IN", "A", ip]]);
    expect((await listRecordSets({ ctx: w.ctx("viewer"), input: { zone: "example.com" } })).recordSets.find((s) => s.name === "site.example.com")!.answers).toEqual([ip]);
    await simulateFailure({ ctx: w.ctx(), input: { instanceId: web } });
    await rec.tick();
    const gone = await dig("site.example.com");
    expect(gone.status).toBe("NOERROR"); // the name exists; it has no address now (NODATA)
    expect(gone.answer).toEqual([]);
    expect(gone.authority[0].slice(2, 4)).toEqual(["IN", "SOA"]);
  });

  it("follows an Elastic IP, and a CNAME to it is chased within the zone", async () => {
    const eip = await allocateAddress({ ctx: w.ctx(), input: {} });
    await putRecordSet({ ctx: w.ctx(), input: { zone: "example.com", name: "static", type: "A", ttl: 86400, values: [{ kind: "eip", value: eip.allocationId }] } });
    await putRecordSet({ ctx: w.ctx(), input: { zone: "example.com", name: "www", type: "CNAME", ttl: 3600, values: [{ kind: "name", value: "static.example.com" }] } });
    const r = await dig("www.example.com", "A");
    expect(r.answer).toEqual([
      ["www.example.com.", "3600", "IN", "CNAME", "static.example.com."],
      ["static.example.com.", "86400", "IN", "A", eip.publicIp],
    ]);
  });

  it("answers SOA and NS at the apex, NXDOMAIN with the SOA for names that don't exist, REFUSED outside its zones", async () => {
    const soa = await dig("example.com", "SOA");
    expect(soa.answer[0].slice(0, 5)).toEqual(["example.com.", "900", "IN", "SOA", "ns.example.com."]);
    expect(soa.answer[0][5]).toBe("hostmaster.example.com.");
    expect((await dig("example.com", "NS")).answer).toEqual([["example.com.", "86400", "IN", "NS", "ns.example.com."]]);
    const none = await dig("nothing.example.com");
    expect(none.status).toBe("NXDOMAIN");
    expect(none.authority[0][3]).toBe("SOA");
    expect(none.authority[0].at(-1)).toBe("60"); // the negative-caching TTL
    const other = await dig("example.org");
    expect(other.status).toBe("REFUSED");
    expect(other.flags).not.toContain("aa");
    const aaaa = await dig("aiderss.example.com", "AAAA");
    expect([aaaa.status, aaaa.answer.length]).toEqual(["NOERROR", 0]);
  });

  it("answers over TCP as over UDP", async () => {
    const r = await dig("+tcp", "aiderss.example.com");
    expect(r.answer).toEqual([["aiderss.example.com.", "60", "IN", "A", "72.44.48.168"]]);
  });

  it("sees edits at once, and deleted records are gone", async () => {
    const put = await putRecordSet({ ctx: w.ctx(), input: { zone: "example.com", name: "aiderss", type: "A", ttl: 30, values: [{ kind: "ip", value: "192.0.2.10" }] } });
    expect((await dig("aiderss.example.com")).answer).toEqual([["aiderss.example.com.", "30", "IN", "A", "192.0.2.10"]]);
    await deleteRecordSet({ ctx: w.ctx(), input: { zone: "example.com", recordSetId: put.id } });
    expect((await dig("aiderss.example.com")).status).toBe("NXDOMAIN");
  });

  it("drops non-queries, answers garbage with FORMERR and other opcodes with NOTIMP, never crashing", async () => {
    const sock = dgram.createSocket("udp4");
    const ask = (msg: Buffer) =>
      new Promise<Buffer | null>((resolve) => {
        const t = setTimeout(() => (sock.removeAllListeners("message"), resolve(null)), 500);
        sock.once("message", (m) => (clearTimeout(t), resolve(m)));
        sock.send(msg, PORT, "127.0.0.1");
      });
    const garbage = Buffer.from("abcdefghijklmnopqrstuvwxyz");
    const formerr = await ask(garbage);
    expect(formerr && rcode(formerr)).toBe("FORMERR");
    expect(await ask(Buffer.from([1, 2, 3]))).toBeNull();
    const notify = packet.encode({ type: "query", id: 7, flags: 4 << 11, questions: [{ type: "SOA", name: "example.com" }] });
    expect(rcode((await ask(notify))!)).toBe("NOTIMP");
    sock.close();
    expect((await dig("example.com", "SOA")).status).toBe("NOERROR");
  });
});

describe("answers that don't fit", () => {
  it("are sent truncated over UDP (TC) and whole over TCP", async () => {
    const many: DnsLookup = {
      zones: async () => new Map([["big.test", { id: "z", teamId: "t", name: "big.test", serial: 1 }]]),
      recordSets: async (_z, name) => (name === "www.big.test" ? [{ name, type: "A", ttl: 60, values: [] }] : []),
      hasDescendants: async () => false,
      resolve: async () => Array.from({ length: 60 }, (_, i) => `198.51.100.${i + 1}`),
    };
    const q = packet.encode({ type: "query", id: 1, questions: [{ type: "A", name: "www.big.test" }] });
    const udp = packet.decode((await respond(q, many, "127.0.0.1", true))!);
    expect(udp.flag_tc).toBe(true);
    expect(udp.answers).toHaveLength(0);
    expect(packet.decode((await respond(q, many, "127.0.0.1", false))!).answers).toHaveLength(60);
  });
});
