// npm run images:build — builds "Tiny Linux x86_64 (real VM)" from Debian's
// packages on this host and registers it in the catalog:
//   kernel      linux-image-*-cloud-amd64 (installed, or fetched with apt-get download)
//   initramfs   busybox-static, the modules the kernel needs for virtio and ACPI,
//               scripts/tiny-linux/rootfs (init, boot script), and dropbear when present
// Output: $STRATUS_DATA_DIR/images/<ami>/{vmlinuz,initrd.gz,manifest.json}.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { TINY_LINUX, imageDir, INSTALL_COMMAND } from "../lib/providers/qemu/host";

const MODULES = ["virtio_ring", "virtio", "virtio_mmio", "virtio_pci_legacy_dev", "virtio_pci_modern_dev", "virtio_pci", "failover", "net_failover", "virtio_net", "button", "evdev"];

function fail(message: string): never {
  console.error(`images:build: ${message}`);
  process.exit(1);
}

function have(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

/** A cloud kernel and its modules: from /boot and /lib/modules, else downloaded and unpacked. */
function kernel(work: string): { vmlinuz: string; modules: string; version: string } {
  const installed = fs.existsSync("/boot") ? fs.readdirSync("/boot").filter((f) => /^vmlinuz-.*-cloud-amd64$/.test(f)).sort() : [];
  for (const f of installed.reverse()) {
    const version = f.slice("vmlinuz-".length);
    const modules = path.join("/lib/modules", version);
    if (fs.existsSync(modules)) return { vmlinuz: path.join("/boot", f), modules, version };
  }
  if (!have("apt-get") || !have("dpkg-deb")) fail("no cloud kernel in /boot, and apt-get/dpkg-deb are not here to fetch one. Install linux-image-cloud-amd64.");
  const depends = execFileSync("apt-cache", ["depends", "linux-image-cloud-amd64"], { encoding: "utf8" });
  const pkg = /Depends:\s+(linux-image-\S+-cloud-amd64)/.exec(depends)?.[1];
  if (!pkg) fail("apt-cache does not know linux-image-cloud-amd64; run apt-get update first.");
  const dl = path.join(work, "kernel");
  fs.mkdirSync(dl, { recursive: true });
  console.log(`images:build: downloading ${pkg}`);
  const r = spawnSync("apt-get", ["download", pkg], { cwd: dl, stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) fail(`apt-get download ${pkg} failed (is the Debian mirror reachable?)`);
  const deb = fs.readdirSync(dl).find((f) => f.endsWith(".deb"))!;
  execFileSync("dpkg-deb", ["-x", path.join(dl, deb), path.join(dl, "root")]);
  const version = fs.readdirSync(path.join(dl, "root", "lib", "modules"))[0];
  return { vmlinuz: path.join(dl, "root", "boot", `vmlinuz-${version}`), modules: path.join(dl, "root", "lib", "modules", version), version };
}

function findModule(dir: string, name: string): string | null {
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.name === `${name}.ko`) return p;
    }
  }
  return null;
}

/** dropbear and the shared libraries it links, when the host has it (the SSH server is optional). */
function dropbear(root: string): boolean {
  const bin = ["/usr/sbin/dropbear"].find((p) => fs.existsSync(p));
  if (!bin || !have("ldd")) return false;
  const libs = execFileSync("ldd", [bin], { encoding: "utf8" }).split("\n").map((l) => /(\/\S+)/.exec(l)?.[1]).filter((x): x is string => Boolean(x));
  for (const f of [bin, ...libs]) {
    const to = path.join(root, f);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(f, to);
  }
  return true;
}

function main() {
  const busybox = ["/bin/busybox", "/usr/bin/busybox"].find((p) => fs.existsSync(p));
  if (!busybox || !/statically linked|static-pie/.test(execFileSync("file", ["-L", busybox], { encoding: "utf8" }).toString()))
    if (!busybox || !have("file")) fail(`busybox-static is needed. ${INSTALL_COMMAND}`);
  if (!have("cpio")) fail(`cpio is needed to pack the initramfs. ${INSTALL_COMMAND}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-image-"));
  try {
    const k = kernel(work);
    const root = path.join(work, "rootfs");
    fs.cpSync(path.join(import.meta.dirname, "tiny-linux", "rootfs"), root, { recursive: true });
    fs.mkdirSync(path.join(root, "bin"), { recursive: true });
    fs.copyFileSync(busybox!, path.join(root, "bin", "busybox"));
    fs.chmodSync(path.join(root, "bin", "busybox"), 0o755);
    fs.mkdirSync(path.join(root, "lib", "modules"), { recursive: true });
    for (const m of MODULES) {
      const f = findModule(k.modules, m);
      if (f) fs.copyFileSync(f, path.join(root, "lib", "modules", `${m}.ko`));
    }
    const ssh = dropbear(root);
    const cpio = spawnSync("sh", ["-c", "find . -print0 | cpio --null -o -H newc --quiet"], { cwd: root, maxBuffer: 1 << 30 });
    if (cpio.status !== 0) fail(`cpio failed: ${cpio.stderr}`);
    const out = imageDir(TINY_LINUX.id);
    fs.mkdirSync(out, { recursive: true });
    fs.copyFileSync(k.vmlinuz, path.join(out, "vmlinuz"));
    fs.writeFileSync(path.join(out, "initrd.gz"), zlib.gzipSync(cpio.stdout, { level: 9 }));
    const manifest = { imageId: TINY_LINUX.id, name: TINY_LINUX.name, kernel: k.version, busybox, ssh, builtAt: new Date().toISOString() };
    fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    console.log(`images:build: ${TINY_LINUX.name} (${TINY_LINUX.id}) built in ${out}: kernel ${k.version}, ${(fs.statSync(path.join(out, "initrd.gz")).size / 1024).toFixed(0)} KB initramfs${ssh ? ", with dropbear" : ""}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
