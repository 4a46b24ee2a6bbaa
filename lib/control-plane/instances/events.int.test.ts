import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { launchInstances } from "./launch";
import { scheduleEvent, cancelEvent } from "./events";
import { listInstances } from "./list";
import { Reconciler } from "../../reconciler/reconciler";
import { SimProvider } from "../../providers/sim";
import { ConsolePump } from "../../console/pump";
import { readConsole } from "../../console/store";

let w: TestWorld;
let rec: Reconciler;
let pump: ConsolePump;
beforeEach(async () => {
  w = await testWorld();
  const p = new Map([["sim", new SimProvider()]]);
  rec = new Reconciler(w.db, w.clock, p);
  pump = new ConsolePump(w.db, w.clock, p);
});
afterEach(() => w.close());

async function runningInstance() {
  const id = (await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290" } })).instances[0].id;
  await pump.kick([id]);
  w.clock.advance(90);
  await rec.tick();
  await pump.tick();
  return id;
}
const inMinutes = (m: number) => new Date(w.clock.now().getTime() + m * 60_000).toISOString();

describe("scheduled events", () => {
  it("a system-reboot is shown ahead, then carried out when its date passes, and the console shows it", async () => {
    const id = await runningInstance();
    const e = await scheduleEvent({ ctx: w.ctx(), input: { instanceId: id, code: "system-reboot", notBefore: inMinutes(10) } });
    const listed = (await listInstances({ ctx: w.ctx("viewer"), input: {} })).items[0];
    expect(listed.events).toEqual([{ id: e.eventId, code: "system-reboot", notBefore: e.notBefore, description: expect.stringContaining("rebooted") }]);
    w.clock.advance(9 * 60);
    await rec.tick();
    expect((await w.db.instance.findUniqueOrThrow({ where: { id } })).bootCount).toBe(1);
    w.clock.advance(2 * 60);
    await rec.tick();
    await pump.kick([id]);
    await pump.tick();
    w.clock.advance(120);
    await pump.tick();
    const inst = await w.db.instance.findUniqueOrThrow({ where: { id } });
    expect(inst.state).toBe("running");
    expect(inst.bootCount).toBe(2);
    const last = await w.db.stateTransition.findFirst({ where: { instanceId: id }, orderBy: { id: "desc" } });
    expect(last).toMatchObject({ fromState: "running", toState: "running", reasonCode: "Server.ScheduledReboot" });
    expect((await w.db.scheduledEvent.findUniqueOrThrow({ where: { id: e.eventId } })).completedAt).not.toBeNull();
    const text = (await readConsole(w.db, id)).lines.join("\n");
    expect(text).toContain("Scheduled system-reboot event");
    expect(text.match(/Linux version/g)).toHaveLength(2);
  });

  it("an instance-retirement terminates the instance with the reason; storage is gone", async () => {
    const id = await runningInstance();
    await scheduleEvent({ ctx: w.ctx(), input: { instanceId: id, code: "instance-retirement", notBefore: inMinutes(5) } });
    w.clock.advance(6 * 60);
    await rec.tick();
    const inst = await w.db.instance.findUniqueOrThrow({ where: { id } });
    expect(inst).toMatchObject({ state: "terminated", stateReasonCode: "Server.ScheduledStop", storageLost: true });
    await pump.kick([id]);
    await pump.tick();
    expect((await readConsole(w.db, id)).lines.join("\n")).toContain("Scheduled instance-retirement");
  });

  it("refuses a past date, non-admins, and can be canceled", async () => {
    const id = await runningInstance();
    await expect(scheduleEvent({ ctx: w.ctx(), input: { instanceId: id, code: "system-reboot", notBefore: inMinutes(-1) } })).rejects.toMatchObject({ field: "notBefore" });
    await expect(scheduleEvent({ ctx: w.ctx("operator"), input: { instanceId: id, code: "system-reboot", notBefore: inMinutes(5) } })).rejects.toMatchObject({ code: "UnauthorizedOperation" });
    const e = await scheduleEvent({ ctx: w.ctx(), input: { instanceId: id, code: "system-reboot", notBefore: inMinutes(5) } });
    await cancelEvent({ ctx: w.ctx(), input: { eventId: e.eventId } });
    w.clock.advance(600);
    await rec.tick();
    expect((await w.db.instance.findUniqueOrThrow({ where: { id } })).bootCount).toBe(1);
  });
});
