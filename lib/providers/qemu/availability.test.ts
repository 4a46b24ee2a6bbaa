import { afterEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { qemuUnavailable } from "./availability";
import { imageDir, TINY_LINUX } from "./host";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

function host(opts: { qemu: boolean; busybox: boolean; image: boolean }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-avail-"));
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  for (const [name, present] of [["qemu-system-x86_64", opts.qemu], ["busybox", opts.busybox]] as const)
    if (present) fs.writeFileSync(path.join(bin, name), "#!/bin/sh\n", { mode: 0o755 });
  process.env.PATH = bin;
  delete process.env.STRATUS_QEMU_BINARY;
  delete process.env.STRATUS_BUSYBOX_BINARY;
  process.env.STRATUS_DATA_DIR = dir;
  if (opts.image) {
    fs.mkdirSync(imageDir(TINY_LINUX.id), { recursive: true });
    for (const f of ["vmlinuz", "initrd.gz"]) fs.writeFileSync(path.join(imageDir(TINY_LINUX.id), f), "x");
  }
}

describe("whether real VMs can start here", () => {
  it("names what is missing and the command that fixes it", () => {
    host({ qemu: false, busybox: true, image: true });
    expect(qemuUnavailable(TINY_LINUX.id, { simSpeed: 1 })).toEqual({ reason: "QEMU is not installed on this host.", fix: expect.stringContaining("apt-get install") });
    host({ qemu: true, busybox: true, image: false });
    expect(qemuUnavailable(TINY_LINUX.id, { simSpeed: 1 })).toMatchObject({ reason: expect.stringContaining("not built"), fix: "npm run images:build" });
    host({ qemu: true, busybox: false, image: true });
    expect(qemuUnavailable(TINY_LINUX.id, { simSpeed: 1 })?.reason).toContain("busybox");
  });

  it("refuses a warped clock, and is available when everything is here", () => {
    host({ qemu: true, busybox: true, image: true });
    expect(qemuUnavailable(TINY_LINUX.id, { simSpeed: 60 })?.fix).toContain("STRATUS_SIM_SPEED");
    expect(qemuUnavailable(TINY_LINUX.id, { simSpeed: 1 })).toBeNull();
  });
});
