// How long the simulated cloud takes to boot, reboot, stop and shut down.
import { jitter } from "./jitter";
import type { ProviderInstance } from "./types";

export const SIM_TIMING = {
  /** Boot time: the image's, ±20% per instance and boot. */
  bootSeconds: (i: ProviderInstance) => i.image.bootSeconds * (0.8 + 0.4 * jitter(i.id, `boot${i.bootCount}`)),
  rebootSeconds: (i: ProviderInstance) => 8 + i.image.bootSeconds * 0.5 * (0.8 + 0.4 * jitter(i.id, `reboot${i.bootCount}`)),
  stopSeconds: (i: ProviderInstance) => 10 + 10 * jitter(i.id, `stop${i.bootCount}`),
  shutdownSeconds: (i: ProviderInstance) => 5 + 5 * jitter(i.id, "shutdown"),
};

