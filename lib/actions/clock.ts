"use server";
// Time warp from the console header: the UI adapter over SetClockSpeed.
import { withCtx } from "./result";
import { setClockSpeed } from "../control-plane/clock/clock";

export async function setClockSpeedAction(speed: number) {
  return withCtx((ctx) => setClockSpeed({ ctx, input: { speed } }));
}
