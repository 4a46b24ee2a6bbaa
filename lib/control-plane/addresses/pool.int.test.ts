import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { AddressPool } from "../../net/ipv4";
import { probeAll, publicInUse } from "./pool";
import { ipToInt } from "../../net/ipv4";
import { DEFAULT_SUBNET_CIDRS } from "../vpcs/defaults";
import { launchInstances } from "../instances/launch";

let w: TestWorld;
beforeEach(async () => {
  w = await testWorld();
});
afterEach(() => w.close());

// 192.0.2.0/29: hosts .1 to .6
const pool = new AddressPool(["192.0.2.0/29"]);
const probe = async (_db: unknown, p: AddressPool, key: string, count: number) => (await probeAll(w.db, [{ pool: p, key, count, inUse: publicInUse }]))[0];
const hold = (ip: string, n: number) =>
  w.db.elasticIp.create({ data: { id: `eipalloc-${String(n).padStart(17, "0")}`, teamId: w.team.id, publicIp: ip, allocatedAt: new Date() } });

describe("address pools", () => {
  it("skips held addresses, walks on from the cursor, and never hands out one twice in a lap", async () => {
    await hold("192.0.2.2", 1);
    await hold("192.0.2.5", 2);
    await w.db.setting.create({ data: { key: "cursor.test", value: "5" } }); // next is index 0: .1
    expect(await probe(w.db, pool, "cursor.test", 3)).toEqual(["192.0.2.1", "192.0.2.3", "192.0.2.4"]);
    // The cursor stopped at .4: the next take starts after it and wraps.
    expect(await probe(w.db, pool, "cursor.test", 2)).toEqual(["192.0.2.6", "192.0.2.1"]);
    // Only four are free: asking for five returns those four, each once.
    const all = await probe(w.db, pool, "cursor.test", 5);
    expect(all.sort()).toEqual(["192.0.2.1", "192.0.2.3", "192.0.2.4", "192.0.2.6"]);
  });

  it("walks several pools together, each from its own cursor, to the end of a lap", async () => {
    await hold("192.0.2.2", 1);
    const other = new AddressPool(["192.0.2.8/29"]); // .9 to .14
    await w.db.setting.create({ data: { key: "cursor.a", value: "5" } });
    await w.db.setting.create({ data: { key: "cursor.b", value: "2" } });
    // The first pool has five free addresses and is asked for six; the second gives two from index 3.
    const [a, b] = await probeAll(w.db, [
      { pool, key: "cursor.a", count: 6, inUse: publicInUse },
      { pool: other, key: "cursor.b", count: 2, inUse: publicInUse },
    ]);
    expect(a).toEqual(["192.0.2.1", "192.0.2.3", "192.0.2.4", "192.0.2.5", "192.0.2.6"]);
    expect(b).toEqual(["192.0.2.12", "192.0.2.13"]);
    expect((await w.db.setting.findUniqueOrThrow({ where: { key: "cursor.b" } })).value).toBe("4");
  });

  it("a released Elastic IP is free again", async () => {
    await hold("192.0.2.1", 1);
    await w.db.elasticIp.update({ where: { id: `eipalloc-${"1".padStart(17, "0")}` }, data: { releasedAt: new Date() } });
    await w.db.setting.create({ data: { key: "cursor.test", value: "5" } });
    expect(await probe(w.db, pool, "cursor.test", 1)).toEqual(["192.0.2.1"]);
  });

  it("gives every instance of a large launch its own addresses, apart from earlier ones", async () => {
    await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 1000 } });
    const first = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 300 } });
    const second = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 300 } });
    const all = [...first.instances, ...second.instances];
    expect(new Set(all.map((i) => i.publicIp)).size).toBe(600);
    expect(new Set(all.map((i) => i.privateIp)).size).toBe(600);
    // Each in its zone's default subnet, never one of the five addresses EC2 keeps (network, +1..+3, broadcast).
    for (const i of all) {
      const [net] = DEFAULT_SUBNET_CIDRS[i.availabilityZone].split("/");
      const offset = ipToInt(i.privateIp!) - ipToInt(net);
      expect(offset).toBeGreaterThanOrEqual(4);
      expect(offset).toBeLessThan(4095);
    }
  });

  it("private addresses come from the subnet, skip those in use, and repeat across teams' VPCs", async () => {
    const subnet = await w.db.subnet.findFirstOrThrow({ where: { teamId: w.team.id, availabilityZone: "us-east-1a" } });
    // Walk from the start of the subnet: the first address EC2 hands out is .4.
    await w.db.setting.create({ data: { key: `cursor.private.${subnet.id}`, value: "-1" } });
    const launched = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 2, availabilityZone: "us-east-1a" } });
    expect(launched.instances.map((i) => i.privateIp)).toEqual(["172.31.0.4", "172.31.0.5"]);
    await w.db.setting.update({ where: { key: `cursor.private.${subnet.id}` }, data: { value: "-1" } });
    const again = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 1, subnetId: subnet.id } });
    expect(again.instances[0].privateIp).toBe("172.31.0.6");
    // Another team's VPC has the same addresses.
    const other = await w.addTeam("Other");
    const theirs = await w.db.subnet.findFirstOrThrow({ where: { teamId: other.id, availabilityZone: "us-east-1a" } });
    await w.db.setting.create({ data: { key: `cursor.private.${theirs.id}`, value: "-1" } });
    const elsewhere = await launchInstances({ ctx: w.ctx("admin", other), input: { imageId: "ami-f937d290", minCount: 1, availabilityZone: "us-east-1a" } });
    expect(elsewhere.instances[0].privateIp).toBe("172.31.0.4");
  });

  it("a full subnet refuses a launch with EC2's error, and no zone named means one with room", async () => {
    await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 10_000 } });
    const [a, b, c] = await w.db.subnet.findMany({ where: { teamId: w.team.id }, orderBy: { availabilityZone: "asc" } });
    // Shrink two zones' subnets to a /29 (three usable addresses) to fill them quickly.
    await w.db.subnet.update({ where: { id: a.id }, data: { cidrBlock: "172.31.0.0/29" } });
    await w.db.subnet.update({ where: { id: b.id }, data: { cidrBlock: "172.31.16.0/29" } });
    await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 3, subnetId: a.id } });
    const err = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 1, subnetId: a.id } }).catch((e) => e);
    expect(err).toMatchObject({ code: "InsufficientFreeAddressesInSubnet", field: "subnetId" });
    for (let n = 0; n < 5; n++) {
      const r = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 3 } });
      expect(r.instances[0].availabilityZone).not.toBe("us-east-1a");
    }
    expect(c.availabilityZone).toBe("us-east-1c");
  });

  it("launches as many as a subnet has addresses for, down to MinCount; no subnet with room for all means the roomiest", async () => {
    await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 10_000 } });
    const [a, b, c] = await w.db.subnet.findMany({ where: { teamId: w.team.id }, orderBy: { availabilityZone: "asc" } });
    await w.db.subnet.update({ where: { id: a.id }, data: { cidrBlock: "172.31.0.0/29" } }); // three usable addresses
    const some = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 1, maxCount: 5, subnetId: a.id } });
    expect(some.instances).toHaveLength(3);
    expect(new Set(some.instances.map((i) => i.privateIp)).size).toBe(3);
    const full = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 1, maxCount: 5, subnetId: a.id } }).catch((e) => e);
    expect(full).toMatchObject({ code: "InsufficientFreeAddressesInSubnet", message: expect.stringContaining("has 0 free addresses and 1 were needed") });
    // Every zone too small for 20: the launch goes to the roomiest (a /28 beats a /29) and launches what fits there.
    await w.db.subnet.update({ where: { id: b.id }, data: { cidrBlock: "172.31.16.0/29" } });
    await w.db.subnet.update({ where: { id: c.id }, data: { cidrBlock: "172.31.32.0/28" } });
    const most = await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: 2, maxCount: 20 } });
    expect(most.instances.map((i) => i.availabilityZone)).toEqual(Array(11).fill(c.availabilityZone));
    expect(await w.db.auditEvent.findFirst({ where: { action: "RunInstances", result: "success" }, orderBy: { id: "desc" } })).toMatchObject({ details: expect.stringContaining("11 × ") });
  });
});
