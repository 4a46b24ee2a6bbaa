// A Stratus server for the real-VM suite, on its own data directory with the
// Tiny Linux image built into it; started and stopped by the spec (it
// restarts it to test adoption).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { serverNodeFlags } from "../scripts/server-flags.mjs";

export const PORT = Number(process.env.E2E_VM_PORT ?? 3102);
export const URL = `http://127.0.0.1:${PORT}`;
export const ADMIN = { email: "admin@stratus.test", password: "e2e-admin-password" };
export const KEY = { accessKeyId: "AKIASTRATUSE2EVM0001", secretAccessKey: "e2eSecretKeyForTheRealVmSuite/0123456789" };

export class VmServer {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-e2e-vm-"));
  private proc: ChildProcess | null = null;
  log = "";
  /** Environment for every start of this server (restarts included). */
  env: Record<string, string> = {};

  buildImage(): void {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/images-build.ts"], { env: { ...process.env, STRATUS_DATA_DIR: this.dir }, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`images:build failed: ${r.stderr || r.stdout}`);
  }

  async start(env: Record<string, string> = {}): Promise<void> {
    this.proc = spawn(process.execPath, [...serverNodeFlags(), "server.mjs"], {
      env: {
        ...process.env, PORT: String(PORT), NODE_ENV: "production", STRATUS_DATA_DIR: this.dir, STRATUS_DEMO: "0", STRATUS_LOG_LEVEL: "info", STRATUS_LOG: "json",
        STRATUS_ADMIN_EMAIL: ADMIN.email, STRATUS_ADMIN_PASSWORD: ADMIN.password, STRATUS_ADMIN_ACCESS_KEY_ID: KEY.accessKeyId, STRATUS_ADMIN_SECRET_ACCESS_KEY: KEY.secretAccessKey,
        STRATUS_REAL_VM_LIMIT: "3", NEXT_TELEMETRY_DISABLED: "1", ...this.env, ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.proc.stdout!.on("data", (b) => (this.log += b));
    this.proc.stderr!.on("data", (b) => (this.log += b));
    for (let i = 0; i < 300; i++) {
      if (await fetch(`${URL}/api/health`).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the server did not start:\n${this.log.slice(-2000)}`);
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once("exit", () => resolve());
      p.kill("SIGTERM");
    });
    this.proc = null;
  }

  /** Kills any VM this suite left behind (a failed test must not leave QEMU running). */
  killVms(): void {
    spawnSync("pkill", ["-9", "-f", `${path.join(this.dir, "vms")}`]);
  }
}

/** A host whose /dev/kvm opens but can't run a guest (nested hosts: QEMU aborts
 *  setting an MSR): a KVM device that opens, and a QEMU that aborts with -accel kvm. */
export function brokenKvmHost(dir: string): Record<string, string> {
  const device = path.join(dir, "fake-kvm");
  const qemu = path.join(dir, "qemu-broken-kvm");
  fs.writeFileSync(device, "");
  fs.writeFileSync(qemu, `#!/bin/sh
case " $* " in *" -accel kvm "*) printf '%s\n' "qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69" "qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3183: kvm_buf_set_msrs: Assertion failed." >&2; exit 134;; esac
exec qemu-system-x86_64 "$@"
`, { mode: 0o755 });
  return { STRATUS_KVM_DEVICE: device, STRATUS_QEMU_BINARY: qemu, STRATUS_QEMU_ACCEL: "auto" };
}

/** The pid of an instance's QEMU process, or null. */
export function qemuPid(instanceId: string): number | null {
  const r = spawnSync("pgrep", ["-f", `stratus-${instanceId}`], { encoding: "utf8" });
  const pid = Number(r.stdout.trim().split("\n")[0]);
  return Number.isFinite(pid) && pid > 0 ? pid : null;
}
