// How big a real VM is for an instance type: a scaled-down copy, so a small
// host runs several. Memory is the type's divided by 64 (at least 96 MiB,
// QEMU's microvm needs that much for this kernel; at most 1 GiB), rounded up
// to 32 MiB; vCPUs are half the type's, at least 1 and at most the host's.
//   m1.large  (7.5 GB, 2 vCPUs) → 128 MiB, 1 vCPU
//   m1.xlarge (15 GB, 4 vCPUs)  → 256 MiB, 2 vCPUs
import os from "node:os";

export function vmSize(type: { memoryMiB: number; vcpus: number }, hostCpus = os.cpus().length): { memoryMiB: number; vcpus: number } {
  const memoryMiB = Math.min(1024, Math.max(96, Math.ceil(type.memoryMiB / 64 / 32) * 32));
  const vcpus = Math.max(1, Math.min(hostCpus, Math.ceil(type.vcpus / 2)));
  return { memoryMiB, vcpus };
}
