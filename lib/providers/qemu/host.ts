// What the host offers real VMs: the QEMU binary, KVM, where images and VM
// files live, and the Tiny Linux image the image builder makes.
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "../../config";

/** The real-VM image in the catalog: built by `npm run images:build`. */
export const TINY_LINUX = { id: "ami-71e1b005", name: "Tiny Linux x86_64 (real VM)" } as const;

export const BUILD_COMMAND = "npm run images:build";
export const INSTALL_COMMAND = "sudo apt-get install -y --no-install-recommends qemu-system-x86 busybox-static cpio";

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

export function qemuBinary(): string | null {
  return process.env.STRATUS_QEMU_BINARY ?? onPath("qemu-system-x86_64");
}

/** busybox on the host: QEMU runs its nc for each connection to 169.254.169.254. */
export function busyboxBinary(): string | null {
  return process.env.STRATUS_BUSYBOX_BINARY ?? onPath("busybox");
}

/** KVM when /dev/kvm (STRATUS_KVM_DEVICE) is usable; QEMU falls back to software emulation (TCG) otherwise. */
export function kvmUsable(): boolean {
  try {
    fs.accessSync(process.env.STRATUS_KVM_DEVICE ?? "/dev/kvm", fs.constants.R_OK | fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export const imagesDir = () => path.join(dataDir(), "images");
export const imageDir = (imageId: string) => path.join(imagesDir(), imageId);
export const vmsDir = () => path.join(dataDir(), "vms");
export const vmDir = (instanceId: string) => path.join(vmsDir(), instanceId);

export interface ImageFiles {
  kernel: string;
  initrd: string;
}

/** The image's kernel and initramfs, or what is missing. */
export function imageFiles(imageId: string): ImageFiles | { missing: string } {
  const dir = imageDir(imageId);
  const kernel = path.join(dir, "vmlinuz");
  const initrd = path.join(dir, "initrd.gz");
  // One call per file: a path taken from a list is opaque to the bundler's
  // file tracer, which then copies the whole project into the build.
  if (!fs.existsSync(kernel)) return { missing: kernel };
  if (!fs.existsSync(initrd)) return { missing: initrd };
  return { kernel, initrd };
}
