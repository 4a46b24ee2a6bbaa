// Time warp: the simulated cloud's clock, read by everyone and sped up, slowed
// down or paused by an admin (demos of pay-per-hour). The clock is the whole
// server's, not one team's: every team's instances live on it.
import { z } from "zod";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { isWarpClock } from "../../clock";
import { notifyClock } from "../../events";
import { denial } from "../../auth/roles";
import type { Ctx, TxCtx } from "../context";
import { setSpeedSchema, WARP_SPEEDS } from "./schemas";

/** The warp speed an admin last set. */
export const CLOCK_SPEED_KEY = "clock.speed";

const speedText = (s: number) => (s === 0 ? "paused" : `${s.toLocaleString("en-US")}×`);

/** Why the clock can't go to `speed` now, or null. Real VMs run in real time, so any of them pins it at 1×. */
async function refusal(ctx: Ctx | TxCtx, speed: number): Promise<string | null> {
  if (!isWarpClock(ctx.clock)) return "This server's clock can't be warped.";
  if (speed === 1) return null;
  // Host-wide on purpose: a real VM of any team runs on this host's real time.
  // Only the actor's own instance ids are named.
  const live = await ctx.db.instance.findMany({ where: { provider: "qemu", state: { not: "terminated" } }, select: { id: true, teamId: true }, take: 100 });
  if (live.length === 0) return null;
  const mine = live.filter((i) => i.teamId === ctx.team.id).map((i) => i.id);
  const which = mine.length ? `${mine.slice(0, 5).join(", ")}${mine.length > 5 ? ` and ${mine.length - 5} more` : ""}` : "of another team";
  return `Real VMs are running on this host (${which}): they run in real time, so the clock stays at 1× until they are terminated.`;
}

export interface ClockView {
  now: string;
  speed: number;
  speeds: number[];
  /** Why this actor can't warp the clock at all (role or clock), or null. */
  denied: string | null;
  /** Speeds other than 1× refused now, with the reason (real VMs running), or null. */
  warpRefused: string | null;
}

export async function clockView(ctx: Ctx): Promise<ClockView> {
  const denied = denial(ctx.role, "clock.warp") ?? (isWarpClock(ctx.clock) ? null : "This server's clock can't be warped.");
  return { now: ctx.clock.now().toISOString(), speed: ctx.clock.speed, speeds: [...WARP_SPEEDS], denied, warpRefused: denied ? null : await refusal(ctx, 0) };
}

export const describeClock = defineVerb({
  kind: "read",
  name: "DescribeClock",
  permission: "instances.read",
  input: z.object({}),
  run: ({ ctx }) => clockView(ctx),
});

export const setClockSpeed = defineVerb({
  kind: "write",
  name: "SetClockSpeed",
  permission: "clock.warp",
  input: setSpeedSchema,
  async run({ ctx, input, audit }) {
    const why = await refusal(ctx, input.speed);
    if (why) throw new ServiceError("UnsupportedOperation", why, "speed");
    const before = ctx.clock.speed;
    audit.detail(`clock ${speedText(before)} → ${speedText(input.speed)} at ${ctx.clock.now().toISOString()}`);
    // Kept, so a replica that starts later runs at the cluster's speed (lib/runtime.ts).
    const value = String(input.speed);
    await ctx.db.setting.upsert({ where: { key: CLOCK_SPEED_KEY }, create: { key: CLOCK_SPEED_KEY, value }, update: { value } });
    return { speed: input.speed, previous: before };
  },
  // After commit: the audit record is written, now the clock changes for
  // everyone (the other replicas through the event bus).
  after({ ctx, output }) {
    if (!isWarpClock(ctx.clock)) return;
    ctx.clock.setSpeed(output.speed);
    notifyClock({ simMs: ctx.clock.now().getTime(), speed: output.speed });
  },
});
