// Whether real VMs can run here, and the host settings they run under. Light
// on imports: the catalog asks it for every image listing.
import { BUILD_COMMAND, INSTALL_COMMAND, busyboxBinary, imageFiles, qemuBinary } from "./host";

export interface QemuSettings {
  /** Where public port mappings listen (STRATUS_PUBLIC_BIND, default 127.0.0.1). */
  bindAddress: string;
  /** How many real VMs may run at once on this host (STRATUS_REAL_VM_LIMIT, default 4). */
  maxVms: number;
  /** A guest that has not reported in by then is shut down (STRATUS_BOOT_TIMEOUT, default 120 s). */
  bootTimeoutMs: number;
  /** How long an orderly power-down may take before the process is killed. */
  powerdownTimeoutMs: number;
  /** kvm | tcg | auto (KVM when /dev/kvm works, else software emulation). */
  accel: "kvm" | "tcg" | "auto";
}

export function qemuSettings(env = process.env): QemuSettings {
  const n = (v: string | undefined, d: number) => (v && Number(v) > 0 ? Number(v) : d);
  const accel = env.STRATUS_QEMU_ACCEL === "kvm" || env.STRATUS_QEMU_ACCEL === "tcg" ? env.STRATUS_QEMU_ACCEL : "auto";
  return {
    bindAddress: publicBindAddress(),
    maxVms: Math.floor(n(env.STRATUS_REAL_VM_LIMIT, 4)),
    bootTimeoutMs: n(env.STRATUS_BOOT_TIMEOUT, 120) * 1000,
    powerdownTimeoutMs: n(env.STRATUS_POWERDOWN_TIMEOUT, 15) * 1000,
    accel,
  };
}

/** Why real VMs of this image can't start here, with the command that fixes it; null when they can. `simSpeed`: the live clock's. */
export function qemuUnavailable(imageId: string, s: { simSpeed: number }): { reason: string; fix: string } | null {
  if (s.simSpeed !== 1)
    return { reason: "Real VMs run in real time, and this server's simulated clock is warped.", fix: "An admin sets the clock back to 1× (Time warp in the console header), or start Stratus without STRATUS_SIM_SPEED." };
  if (!qemuBinary()) return { reason: "QEMU is not installed on this host.", fix: INSTALL_COMMAND };
  if (!busyboxBinary()) return { reason: "busybox (for the metadata link) is not installed on this host.", fix: INSTALL_COMMAND };
  const files = imageFiles(imageId);
  if ("missing" in files) return { reason: `The image's files are not built (${files.missing} is missing).`, fix: BUILD_COMMAND };
  return null;
}


/** Where a real VM's mapped ports listen: what the API and console show as its public address. */
export const publicBindAddress = () => process.env.STRATUS_PUBLIC_BIND || "127.0.0.1";
