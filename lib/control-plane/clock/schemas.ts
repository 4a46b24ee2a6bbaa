// Input of the time-warp verb, shared with the console's control.
import { z } from "zod";
import { WARP_SPEEDS } from "../../clock";

export const SPEED_LABEL: Record<(typeof WARP_SPEEDS)[number], string> = { 0: "Pause", 1: "1×", 60: "60×", 3600: "3600×" };

export const setSpeedSchema = z.object({
  speed: z.coerce
    .number({ message: "Choose a speed: 0 (paused), 1, 60 or 3600." })
    .refine((s) => (WARP_SPEEDS as readonly number[]).includes(s), { message: "Choose a speed: 0 (paused), 1, 60 or 3600 simulated seconds per second." }),
});

export { WARP_SPEEDS };
