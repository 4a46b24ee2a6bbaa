import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { launchInstances } from "./launch";
import { terminateInstances } from "./actions";
import { listInstances, getInstance } from "./list";
import { Reconciler } from "../../reconciler/reconciler";
import { SimProvider } from "../../providers/sim";

let w: TestWorld;
const ids: Record<string, string> = {};
beforeAll(async () => {
  w = await testWorld();
  await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 100 } });
  const ctx = w.ctx();
  const launch = async (name: string, imageId: string, instanceType: string, env: string) => {
    const r = await launchInstances({ ctx, input: { imageId, instanceType, tags: [{ key: "Name", value: name }, { key: "env", value: env }] } });
    ids[name] = r.instances[0].id;
    w.clock.advance(1);
  };
  await launch("alpha", "ami-f937d290", "m1.small", "prod");
  await launch("bravo", "ami-f51aff9c", "m1.large", "prod");
  await launch("charlie", "ami-1c5db975", "m1.small", "dev");
  await launch("delta", "ami-f937d290", "m1.small", "dev");
  await new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]])).tick();
  await terminateInstances({ ctx, input: { instanceIds: [ids.delta] } });
  w.clock.advance(30);
  await new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]])).tick();
});
afterAll(() => w.close());

const names = async (input: Parameters<typeof listInstances>[0]["input"]) => (await listInstances({ ctx: w.ctx("viewer"), input })).items.map((i) => i.name);

describe("listing instances", () => {
  it("sorts newest first by default and by any column on request", async () => {
    expect(await names({})).toEqual(["delta", "charlie", "bravo", "alpha"]);
    expect(await names({ sort: "name", dir: "asc" })).toEqual(["alpha", "bravo", "charlie", "delta"]);
  });

  it("filters by state, type, image and tag, and searches text", async () => {
    expect(await names({ states: ["terminated"] })).toEqual(["delta"]);
    expect(await names({ types: ["m1.large"] })).toEqual(["bravo"]);
    expect(await names({ imageIds: ["ami-f937d290"], sort: "name", dir: "asc" })).toEqual(["alpha", "delta"]);
    expect(await names({ tags: ["env=dev"], sort: "name", dir: "asc" })).toEqual(["charlie", "delta"]);
    expect(await names({ tags: ["env"] })).toHaveLength(4);
    expect(await names({ q: "CHAR" })).toEqual(["charlie"]);
    expect(await names({ q: ids.bravo.slice(0, 10) })).toEqual(["bravo"]);
    expect(await names({ q: "100%_" })).toEqual([]);
  });

  it("hides instances terminated more than an hour ago unless asked", async () => {
    w.clock.advance(3601);
    expect(await names({})).not.toContain("delta");
    expect(await names({ states: ["terminated"] })).toEqual(["delta"]);
  });

  it("pages", async () => {
    const page = await listInstances({ ctx: w.ctx(), input: { sort: "name", dir: "asc", pageSize: 2, page: 2 } });
    expect(page.items.map((i) => i.name)).toEqual(["charlie"]);
    expect(page.total).toBe(3);
  });

  it("shows nothing of another team", async () => {
    const other = await w.addTeam("Initech");
    expect((await listInstances({ ctx: w.ctx("admin", other), input: {} })).total).toBe(0);
    await expect(getInstance({ ctx: w.ctx("admin", other), input: { instanceId: ids.alpha } })).rejects.toMatchObject({ code: "InvalidInstanceID.NotFound" });
  });

  it("shows user data as text, or base64 when it is binary", async () => {
    const ctx = w.ctx();
    const text = await launchInstances({ ctx, input: { imageId: "ami-f937d290", userData: Buffer.from("#!/bin/sh\necho hi\n").toString("base64") } });
    expect((await getInstance({ ctx, input: { instanceId: text.instances[0].id } })).userData).toEqual({ encoding: "text", value: "#!/bin/sh\necho hi\n" });
    const bin = Buffer.from([0xff, 0xfe, 0x00, 0x01]).toString("base64");
    const b = await launchInstances({ ctx, input: { imageId: "ami-f937d290", userData: bin } });
    expect((await getInstance({ ctx, input: { instanceId: b.instances[0].id } })).userData).toEqual({ encoding: "base64", value: bin });
  });
});

describe("reconciler restart safety", () => {
  it("converges instances left pending by a killed server, launching nothing twice", async () => {
    const ctx = w.ctx();
    const r = await launchInstances({ ctx, input: { imageId: "ami-f937d290", minCount: 3 } });
    const before = await w.db.instance.count();
    w.clock.advance(120); // the server was down while they booted
    await new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]])).tick(); // a fresh reconciler after restart
    const rows = await w.db.instance.findMany({ where: { reservationId: r.reservationId } });
    expect(rows.every((i) => i.state === "running")).toBe(true);
    expect(await w.db.instance.count()).toBe(before);
    const transitions = await w.db.stateTransition.count({ where: { instanceId: rows[0].id, toState: "running" } });
    expect(transitions).toBe(1);
  });
});
