// What one instance has cost so far, and what it costs per hour now.
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { toDecimal } from "../../money";
import { DAY_MS, chargeTotal } from "../../billing/engine";
import { computeUsage, teamBook, transferUsage, usageInstances, dayRange } from "./usage";

export const instanceCost = defineVerb({
  kind: "read",
  name: "GetInstanceCost",
  permission: "costs.read",
  input: z.object({ instanceId: z.string() }),
  async run({ ctx, input }) {
    const inst = await ctx.db.instance.findFirst({ where: { id: input.instanceId, teamId: ctx.team.id } });
    if (!inst) throw new ServiceError("InvalidInstanceID.NotFound", `The instance ID '${input.instanceId}' does not exist`, "instanceId");
    const now = ctx.clock.now();
    const from = new Date(Math.floor(inst.launchedAt.getTime() / DAY_MS) * DAY_MS);
    const to = new Date(Math.floor(now.getTime() / DAY_MS + 1) * DAY_MS);
    const book = await teamBook(ctx);
    const instances = await usageInstances(ctx, from, to, { kind: "instance", value: inst.id });
    const charges = await computeUsage(ctx, instances, book, from, to);
    const compute = charges.reduce((s, c) => s + chargeTotal(c), 0n);
    const hours = charges.reduce((s, c) => s + c.seconds * c.days, 0) / 3600;
    const { fromDay, toDay } = dayRange(from, to);
    const [t] = await transferUsage(ctx, { fromDay, toDay, group: "all", byDay: false, filter: { kind: "instance", value: inst.id } });
    const transfer = (t?.inMicros ?? 0n) + (t?.outMicros ?? 0n);
    const billable = inst.state === "pending" || inst.state === "running" || inst.state === "shutting-down";
    return {
      mode: book.mode(now.getTime()),
      hourlyRate: toDecimal(book.rate("instance-hour", inst.instanceType, now.getTime()) ?? 0n),
      billableNow: billable,
      billedHours: Number(hours.toFixed(6)),
      compute: toDecimal(compute),
      transfer: toDecimal(transfer),
      total: toDecimal(compute + transfer),
      gbIn: t ? Number(t.bytesIn) / 2 ** 30 : 0,
      gbOut: t ? Number(t.bytesOut) / 2 ** 30 : 0,
      asOf: now.toISOString(),
    };
  },
});
