import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { AddressPool } from "../../net/ipv4";
import { probe, publicInUse, takePrivateIps } from "./pool";
import { launchInstances } from "../instances/launch";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(() => w.close());

// 192.0.2.0/29: hosts .1 to .6
const pool = new AddressPool(["192.0.2.0/29"]);
const hold = (ip: string, n: number) =>
  w.db.elasticIp.create({ data: { id: `eipalloc-${String(n).padStart(17, "0")}`, teamId: w.team.id, publicIp: ip, allocatedAt: new Date() } });

describe("address pools", () => {
  it("skips held addresses, walks on from the cursor, and never hands out one twice in a lap", async () => {
    await hold("192.0.2.2", 1);
    await hold("192.0.2.5", 2);
    await w.db.setting.create({ data: { key: "cursor.test", value: "5" } }); // next is index 0: .1
    expect(await probe(w.db, pool, "cursor.test", 3, publicInUse)).toEqual(["192.0.2.1", "192.0.2.3", "192.0.2.4"]);
    // The cursor stopped at .4: the next take starts after it and wraps.
    expect(await probe(w.db, pool, "cursor.test", 2, publicInUse)).toEqual(["192.0.2.6", "192.0.2.1"]);
    // Only four are free: asking for five returns those four, each once.
    const all = await probe(w.db, pool, "cursor.test", 5, publicInUse);
    expect(all.sort()).toEqual(["192.0.2.1", "192.0.2.3", "192.0.2.4", "192.0.2.6"]);
  });

  it("a released Elastic IP is free again", async () => {
    await hold("192.0.2.1", 1);
    await w.db.elasticIp.update({ where: { id: `eipalloc-${"1".padStart(17, "0")}` }, data: { releasedAt: new Date() } });
    await w.db.setting.create({ data: { key: "cursor.test", value: "5" } });
    expect(await probe(w.db, pool, "cursor.test", 1, publicInUse)).toEqual(["192.0.2.1"]);
  });

  it("gives every instance of a large launch its own addresses, apart from earlier ones", async () => {
    await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 1000 } });
    const first = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 300 } });
    const second = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 300 } });
    const all = [...first.instances, ...second.instances];
    expect(new Set(all.map((i) => i.publicIp)).size).toBe(600);
    expect(new Set(all.map((i) => i.privateIp)).size).toBe(600);
    for (const ip of all.map((i) => i.privateIp!)) expect(ip).not.toMatch(/\.(0|255)$/);
  });

  it("private addresses skip those in use", async () => {
    const [ip] = await w.db.$transaction((tx) => takePrivateIps(tx, 1));
    await w.db.setting.update({ where: { key: "cursor.private" }, data: { value: "-1" } });
    const launched = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 2 } });
    expect(launched.instances.map((i) => i.privateIp)).toEqual(["10.0.0.1", "10.0.0.2"]);
    await w.db.setting.update({ where: { key: "cursor.private" }, data: { value: "-1" } });
    const again = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 1 } });
    expect(again.instances[0].privateIp).toBe("10.0.0.3");
    expect(ip).toMatch(/^10\./);
  });
});
