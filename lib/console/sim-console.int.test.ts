import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../testing/db";
import { launchInstances } from "../control-plane/instances/launch";
import { rebootInstances, terminateInstances, simulateFailure } from "../control-plane/instances/actions";
import { importKeyPair } from "../control-plane/keys/keys";
import { Reconciler } from "../reconciler/reconciler";
import { SimProvider } from "../providers/sim";
import { ConsolePump } from "./pump";
import { readConsole } from "./store";
import { subscribeConsole, type ConsoleChunk } from "./hub";
import { generateKeyPair } from "../ssh/keys";

let w: TestWorld;
let rec: Reconciler;
let pump: ConsolePump;
beforeEach(async () => {
  w = await testWorld();
  const providers = new Map([["sim", new SimProvider()]]);
  rec = new Reconciler(w.db, w.clock, providers);
  pump = new ConsolePump(w.db, w.clock, providers);
});
afterEach(() => w.close());

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");
async function step(seconds: number, ids: string[] = []) {
  w.clock.advance(seconds);
  await rec.tick();
  if (ids.length) await pump.kick(ids);
  await pump.tick();
}
const text = async (id: string) => (await readConsole(w.db, id)).lines.map(strip).join("\n");

describe("the simulated console", () => {
  it("boots line by line with the instance's own address, host keys, key and user data", async () => {
    const key = await generateKeyPair("ed25519");
    await importKeyPair({ ctx: w.ctx(), input: { name: "amazon", publicKey: key.publicKey } });
    const userData = Buffer.from("#!/bin/sh\necho 'MARKER-42 from user data'\ntouch /tmp/x\n").toString("base64");
    const r = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", keyName: "amazon", userData, minCount: 2 } });
    const [a, b] = r.instances;
    const seen: ConsoleChunk[] = [];
    const off = subscribeConsole(a.id, (c) => seen.push(c));
    await pump.kick([a.id, b.id]);
    await pump.tick();
    const early = (await readConsole(w.db, a.id)).lines.length;
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(10); // lines arrive over the boot, not all at once
    await step(20);
    const middle = (await readConsole(w.db, a.id)).lines.length;
    expect(middle).toBeGreaterThan(early);
    await step(60);
    const out = await text(a.id);
    expect(out).toContain("Linux version 2.6.21.7-2.fc8xen");
    expect(out).toContain(`eth0: ${a.privateIp} netmask`);
    expect(out).toContain("ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----");
    expect(out).toContain("ec2: -----END SSH HOST KEY FINGERPRINTS-----");
    expect(out).toContain("Installing ssh-ed25519 key amazon for root");
    expect(out).toContain("+ echo 'MARKER-42 from user data'\nMARKER-42 from user data");
    expect(out.trimEnd().endsWith(`${a.privateDns.split(".")[0]} login:`)).toBe(true);
    // two instances that differ have different consoles (fingerprints, addresses)
    const other = await text(b.id);
    const fp = (t: string) => t.split("\n").filter((l) => /^ec2: \d+ [0-9a-f:]{47} /.test(l));
    expect(fp(out)).toHaveLength(3);
    expect(fp(out)).not.toEqual(fp(other));
    // the hub saw every stored line, in order, exactly once
    expect(seen.flatMap((c) => c.lines)).toEqual((await readConsole(w.db, a.id)).lines);
    expect(seen.map((c) => c.fromSeq)).toEqual(seen.map((c, i) => 1 + seen.slice(0, i).reduce((s, x) => s + x.lines.length, 0)));
    off();
  });

  it("reboot appends a shutdown and a new boot; terminate appends a shutdown", async () => {
    const r = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-1c5db975" } });
    const id = r.instances[0].id;
    await step(60, [id]);
    await rebootInstances({ ctx: w.ctx(), input: { instanceIds: [id] } });
    await step(1, [id]);
    await step(60);
    let out = await text(id);
    expect(out.match(/Linux version/g)).toHaveLength(2);
    expect(out).toContain("Will now restart");
    await terminateInstances({ ctx: w.ctx(), input: { instanceIds: [id] } });
    await step(1, [id]);
    await step(30);
    out = await text(id);
    expect(out).toContain("Will now halt");
  });

  it("a hardware failure ends the console abruptly", async () => {
    const r = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290" } });
    const id = r.instances[0].id;
    await step(10, [id]);
    await simulateFailure({ ctx: w.ctx(), input: { instanceId: id } });
    await step(1, [id]);
    await step(120);
    const out = await text(id);
    expect(out).toContain("Linux version");
    expect(out).not.toContain("login:");
    expect(out).not.toContain("Power down");
    expect((await w.db.consoleOutput.findUniqueOrThrow({ where: { instanceId: id } })).nextLineAt).toBeNull();
  });

  it("after a restart, a fresh pump continues without repeating a line", async () => {
    const r = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290" } });
    const id = r.instances[0].id;
    await step(15, [id]);
    const before = (await readConsole(w.db, id)).lines;
    pump = new ConsolePump(w.db, w.clock, new Map([["sim", new SimProvider()]]));
    await step(60);
    const after = (await readConsole(w.db, id)).lines;
    expect(after.slice(0, before.length)).toEqual(before);
    expect(new Set(after.filter((l) => l.startsWith("ec2: ")).filter((l) => l.includes("BEGIN"))).size).toBe(1);
    expect(after.filter((l) => l.includes("Linux version"))).toHaveLength(1);
  });
});
