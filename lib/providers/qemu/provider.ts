// The qemu provider: real VMs on this host, driven through the same
// reconciler, console store, security groups and metering as the sim.
//   pending        → start QEMU (paused, console attached, then `cont`); running
//                    when the guest's init prints its ready marker
//   running        → reboot: QMP system_reset; a process that ends is a
//                    terminated instance with the reason, at that time
//   shutting-down  → the ACPI power button, QMP quit and SIGKILL if it lingers;
//                    the process is gone and its files removed
// Faults (QEMU or the kernel missing, a boot that never reports in, a process
// killed from outside) end as terminated with a reason, never a hung pending.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import dgram from "node:dgram";
import type { Db } from "../../db";
import type { Clock } from "../../clock";
import type { Availability, ComputeProvider, EnforcedRule, MeterSlice, Observation, ObservedTransition, ProviderInstance } from "../types";
import { Vm, type VmHooks } from "./vm";
import { Nat, type Forwarder, type PortMapping, type Proto } from "./nat";
import { vmSize } from "./sizing";
import { imageFiles, kvmUsable, qemuBinary, vmDir, vmsDir, busyboxBinary } from "./host";
import { qemuSettings, qemuUnavailable, type QemuSettings } from "./availability";
import { appendConsoles } from "../../console/store";
import { notifyInstances } from "../../events";
import { typesByName } from "../../control-plane/catalog/raw";
import { instanceMeta } from "../../control-plane/instances/metadata";
import { answer } from "../../metadata/imds";
import { serverKey } from "../../auth/secret-box";
import { logger } from "../../log";

/** How often the power button is pressed again while the guest has not powered off. */
const POWER_BUTTON_REPEAT_MS = 2000;
/** QEMU's own words when KVM fails it (e.g. "kvm_buf_set_msrs: Assertion … failed"); any other fault is the image's or the host's. */
const KVM_FAULT = /kvm/i;
const terminated = (at: Date, reasonCode: string, reasonMsg: string): Observation => ({ transitions: [{ to: "terminated", at, reasonCode, reasonMsg }], nextCheckAt: null });
const later = (now: Date, ms: number) => new Date(now.getTime() + ms);
const MINUTE = 60_000;

export class QemuProvider implements ComputeProvider {
  readonly name = "qemu";
  readonly real = true;
  private vms = new Map<string, Vm>();
  private nats = new Map<string, Nat>();
  /** Instances whose VM was lost while Stratus was down (found at adoption). */
  private lost = new Set<string>();
  private traffic = new Map<string, Map<number, { in: number; out: number }>>();
  private lines = new Map<string, string[]>();
  private flushTimer: NodeJS.Timeout | null = null;
  /** /dev/kvm opened but guests never ran: remembered in the data directory so later starts skip it. */
  private get kvmBroken(): boolean {
    return fs.existsSync(`${vmsDir()}/kvm-broken`);
  }
  private set kvmBroken(v: boolean) {
    fs.mkdirSync(vmsDir(), { recursive: true });
    if (v) fs.writeFileSync(`${vmsDir()}/kvm-broken`, `KVM opened but did not run a guest (${new Date().toISOString()}); delete this file to try it again.\n`);
  }
  private readonly hooks: VmHooks;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly settings: QemuSettings = qemuSettings(),
  ) {
    this.hooks = {
      onLines: (id, lines) => this.queueLines(id, lines),
      onReady: (id) => notifyInstances([id]),
      onExit: (id, _at, why) => {
        logger.info({ instanceId: id, why }, "real VM process ended");
        notifyInstances([id]);
      },
      metadata: (id, req, body) => this.metadata(id, req, body),
    };
  }

  availability(): Availability {
    const why = qemuUnavailable("-", { simSpeed: this.clock.speed });
    return why && !why.reason.startsWith("The image") ? { ok: false, reason: why.reason, fix: why.fix } : { ok: true };
  }

  /** Real time → the control plane's clock (the same at speed 1, but anchored where the clock is). */
  private at(realMs: number): Date {
    return new Date(this.clock.now().getTime() - (Date.now() - realMs));
  }

  running(): number {
    return [...this.vms.values()].filter((v) => v.exitedAt === null).length;
  }

  /** At start-up: re-adopt VMs still running for live instances; kill and remove the rest. */
  async adopt(): Promise<void> {
    const dir = vmsDir();
    if (!fs.existsSync(dir)) return;
    for (const id of fs.readdirSync(dir)) {
      if (!id.startsWith("i-")) continue;
      const row = await this.db.instance.findUnique({ where: { id }, select: { state: true, provider: true } });
      const record = Vm.readRecord(vmDir(id));
      const live = row && row.provider === this.name && !["terminated", "stopped"].includes(row.state);
      if (!live) {
        if (record) {
          try {
            process.kill(record.pid, 0);
            if (fs.readFileSync(`/proc/${record.pid}/cmdline`, "utf8").includes(`stratus-${id}`)) process.kill(record.pid, "SIGKILL");
          } catch {
            /* not running */
          }
        }
        fs.rmSync(vmDir(id), { recursive: true, force: true });
        logger.warn({ instanceId: id }, "removed a real VM no live instance owns");
        continue;
      }
      const vm = await Vm.adopt(vmDir(id), this.hooks);
      if (vm) {
        this.vms.set(id, vm);
        logger.info({ instanceId: id, pid: vm.record.pid }, "re-adopted a running real VM");
      } else if (record) this.lost.add(id);
    }
  }

  async reconcile(i: ProviderInstance, now: Date): Promise<Observation> {
    const vm = this.vms.get(i.id);
    const gone = (at: Date, code: string, msg: string) => terminated(at, code, msg);
    if (this.lost.has(i.id) && !vm) {
      this.lost.delete(i.id);
      fs.rmSync(vmDir(i.id), { recursive: true, force: true });
      return gone(now, "Server.InternalError", "The VM's process ended while Stratus was not running; the instance is gone (its console is kept).");
    }
    switch (i.state) {
      case "pending": {
        if (!vm) return this.boot(i, now);
        const age = Date.now() - vm.record.startedAt;
        const kvmFault = this.kvmFailure(vm, age);
        if (kvmFault) {
          await this.drop(i.id);
          return this.withoutKvm(i, now, kvmFault);
        }
        if (vm.exitedAt !== null) {
          await this.drop(i.id);
          return gone(this.at(vm.exitedAt), "Server.InternalError", `QEMU ${vm.exitReason} while the instance was booting${vm.logTail() ? `: ${vm.logTail()}` : ""}.`);
        }
        if (vm.record.readyAt !== null) return { transitions: [{ to: "running", at: this.at(vm.record.readyAt) }], nextCheckAt: later(now, 10_000) };
        if (age > this.settings.bootTimeoutMs) {
          await this.drop(i.id);
          return gone(now, "Client.InstanceInitiatedShutdown", `The guest did not report in within ${this.settings.bootTimeoutMs / 1000} s and was shut down; its console is kept.`);
        }
        return { transitions: [], nextCheckAt: later(now, 1000) };
      }
      case "running": {
        if (!vm) return gone(now, "Server.InternalError", "The instance's VM is not running on this host; the instance is gone (its console is kept).");
        if (vm.exitedAt !== null) {
          await this.drop(i.id);
          return gone(this.at(vm.exitedAt), "Server.InternalError", `The VM's QEMU process ${vm.exitReason}; the instance and its instance storage are gone.`);
        }
        if (i.pendingAction === "reboot" || i.pendingAction === "system-reboot") {
          await vm.reset();
          return {
            transitions: [],
            rebootedAt: now,
            ...(i.pendingAction === "system-reboot" ? { rebootReason: { code: "Server.ScheduledReboot", message: "Scheduled system-reboot by the provider" }, completedEvents: i.dueEventId ? [i.dueEventId] : [] } : {}),
            nextCheckAt: later(now, 10_000),
          };
        }
        if (i.pendingAction === "fail" || i.pendingAction === "retire") {
          await this.drop(i.id);
          const retire = i.pendingAction === "retire";
          return {
            transitions: [{ to: "terminated", at: now, reasonCode: retire ? "Server.ScheduledStop" : "Server.InternalError", reasonMsg: retire ? "Scheduled instance-retirement: the host was retired; the instance and its instance storage are gone" : "Internal error: the VM was stopped by a simulated host failure", storageLost: true }],
            completedEvents: i.dueEventId ? [i.dueEventId] : [],
            nextCheckAt: null,
          };
        }
        // Looked at every few seconds: a process that dies is also reported at once.
        return { transitions: [], nextCheckAt: later(now, 10_000) };
      }
      case "shutting-down":
      case "stopping": {
        const to: ObservedTransition["to"] = i.state === "stopping" ? "stopped" : "terminated";
        const reason = { reasonCode: "Client.UserInitiatedShutdown", reasonMsg: "User initiated shutdown" };
        if (!vm || vm.exitedAt !== null) {
          await this.drop(i.id);
          return { transitions: [{ to, at: vm?.exitedAt ? this.at(vm.exitedAt) : now, ...reason }], nextCheckAt: null };
        }
        if (vm.powerdownAt !== null && Date.now() - vm.powerdownAt > this.settings.powerdownTimeoutMs) {
          await this.drop(i.id);
          return { transitions: [{ to, at: now, ...reason }], nextCheckAt: null };
        }
        // Pressed now, and again every 2 s: a guest still booting has no acpid to hear it yet.
        if (Date.now() - (vm.pressedAt ?? 0) >= POWER_BUTTON_REPEAT_MS) await vm.powerdown();
        return { transitions: [], nextCheckAt: later(now, 500) };
      }
      default:
        if (vm) await this.drop(i.id);
        return { transitions: [], nextCheckAt: null };
    }
  }

  private async boot(i: ProviderInstance, now: Date): Promise<Observation> {
    const why = qemuUnavailable(i.image.id, { simSpeed: this.clock.speed });
    if (why) return terminated(now, "Server.InternalError", `${why.reason} Fix: ${why.fix}`);
    if (this.running() >= this.settings.maxVms)
      return terminated(now, "Server.InsufficientInstanceCapacity", `This host runs at most ${this.settings.maxVms} real VMs at once (STRATUS_REAL_VM_LIMIT).`);
    if (!i.privateIp) return terminated(now, "Server.InternalError", "The instance has no private address.");
    const [type] = await typesByName(this.db, [i.instanceType]);
    const size = vmSize(type ?? { memoryMiB: 7680, vcpus: 2 });
    // STRATUS_QEMU_ACCEL=kvm insists on KVM; auto falls back to TCG for good once KVM has failed a guest.
    const accel = this.settings.accel === "kvm" || (this.settings.accel === "auto" && kvmUsable() && !this.kvmBroken) ? "kvm" : "tcg";
    try {
      const vm = await Vm.start(
        { instanceId: i.id, dir: vmDir(i.id), qemu: qemuBinary()!, busybox: busyboxBinary()!, image: imageFiles(i.image.id) as { kernel: string; initrd: string }, ...size, privateIp: i.privateIp, accel },
        this.hooks,
      );
      this.vms.set(i.id, vm);
      return { transitions: [], nextCheckAt: later(now, 1000) };
    } catch (e) {
      fs.rmSync(vmDir(i.id), { recursive: true, force: true });
      if (accel === "kvm" && this.settings.accel === "auto" && KVM_FAULT.test((e as Error).message)) return this.withoutKvm(i, now, (e as Error).message);
      const msg = (e as NodeJS.ErrnoException).code === "ENOSPC" ? "The host's disk is full." : (e as Error).message;
      return terminated(now, "Server.InternalError", `The VM could not be started: ${msg}`);
    }
  }

  /** Why KVM failed this booting guest, or null. /dev/kvm opens on nested hosts
   *  yet QEMU aborts in KVM or the guest never prints a line. */
  private kvmFailure(vm: Vm, age: number): string | null {
    if (vm.record.accel !== "kvm" || this.settings.accel !== "auto" || vm.kernelSeenAt !== null) return null;
    if (vm.exitedAt === null) return age > 5_000 ? "no kernel output within 5 s" : null;
    const why = `QEMU ${vm.exitReason}: ${vm.logTail()}`;
    return KVM_FAULT.test(why) ? why : null;
  }

  /** KVM failed this guest: remembered, said in its console, and booted again with software emulation. */
  private withoutKvm(i: ProviderInstance, now: Date, why: string): Promise<Observation> {
    this.kvmBroken = true;
    logger.warn({ instanceId: i.id, why }, "KVM did not start the guest; real VMs use software emulation from now on");
    this.queueLines(i.id, ["stratus: KVM did not start this guest; starting it again with software emulation"]);
    return this.boot(i, now);
  }

  /** Kills the VM, closes its ports and removes its files. */
  private async drop(id: string): Promise<void> {
    const vm = this.vms.get(id);
    this.vms.delete(id);
    await this.nats.get(id)?.close();
    this.nats.delete(id);
    if (vm) await vm.destroy();
    else fs.rmSync(vmDir(id), { recursive: true, force: true });
    this.flushLines();
  }

  async applyFirewall(instanceId: string, rules: EnforcedRule[]): Promise<void> {
    const vm = this.vms.get(instanceId);
    if (!vm || vm.exitedAt !== null) return;
    let nat = this.nats.get(instanceId);
    if (!nat) {
      nat = new Nat(this.settings.bindAddress, this.forwarder(vm), { add: (a, b) => this.count(instanceId, a, b) }, new Map(Object.entries(vm.record.ports)));
      this.nats.set(instanceId, nat);
    }
    await nat.apply(rules);
    vm.record.ports = nat.state();
    vm.save();
  }

  async forget(instanceId: string): Promise<void> {
    await this.nats.get(instanceId)?.close();
    this.nats.delete(instanceId);
  }

  /** The instance's open port mappings ("22/tcp → 127.0.0.1:41022"). */
  ports(instanceId: string): PortMapping[] {
    return this.nats.get(instanceId)?.mappings() ?? [];
  }

  /** QEMU's hostfwd on loopback: the NAT's upstream for one guest port. */
  private forwarder(vm: Vm): Forwarder {
    return {
      open: async (protocol: Proto, guestPort: number) => {
        const port = await freePort(protocol);
        const out = await vm.qmp!.hmp(`hostfwd_add n0 ${protocol}:127.0.0.1:${port}-:${guestPort}`);
        if (out.trim()) throw new Error(out.trim());
        return port;
      },
      close: async (protocol: Proto, port: number) => {
        if (vm.qmp && !vm.qmp.isClosed) await vm.qmp.hmp(`hostfwd_remove n0 ${protocol}:127.0.0.1:${port}`);
      },
    };
  }

  private count(instanceId: string, bytesIn: number, bytesOut: number) {
    const minute = Math.floor(this.clock.now().getTime() / MINUTE) * MINUTE;
    const m = this.traffic.get(instanceId) ?? this.traffic.set(instanceId, new Map()).get(instanceId)!;
    const b = m.get(minute) ?? m.set(minute, { in: 0, out: 0 }).get(minute)!;
    b.in += bytesIn;
    b.out += bytesOut;
  }

  /** Bytes through the NAT in each slice (counted per minute; a minute is metered once). */
  async meter(slices: MeterSlice[]) {
    return slices.map((s) => {
      const m = this.traffic.get(s.instanceId);
      let bytesIn = 0n;
      let bytesOut = 0n;
      if (m)
        for (const [minute, b] of m)
          if (minute >= s.start && minute < s.start + s.seconds * 1000) {
            bytesIn += BigInt(b.in);
            bytesOut += BigInt(b.out);
            m.delete(minute);
          }
      return { bytesIn, bytesOut, bytesInternal: 0n };
    });
  }

  private queueLines(id: string, lines: string[]) {
    const q = this.lines.get(id) ?? this.lines.set(id, []).get(id)!;
    q.push(...lines);
    this.flushTimer ??= setTimeout(() => this.flushLines(), 100);
  }

  /** Console lines go to the same store and stream as the sim's, a batch every 100 ms. */
  private flushLines() {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.lines.size === 0) return;
    const writes = [...this.lines].map(([instanceId, lines]) => ({ instanceId, lines }));
    this.lines.clear();
    appendConsoles(this.db, writes, this.clock.now()).catch((err) => logger.error({ err }, "real VM console write failed"));
  }

  private async metadata(instanceId: string, req: http.IncomingMessage, _body: Buffer) {
    const meta = await instanceMeta(this.db, null, instanceId);
    const url = new URL(req.url ?? "/", "http://169.254.169.254");
    const r = answer(meta, { method: req.method ?? "GET", path: url.pathname, header: (n) => (req.headers[n.toLowerCase()] as string | undefined) ?? null }, serverKey());
    return { status: r.status, headers: { "content-type": r.contentType, ...(r.headers ?? {}) }, body: r.body };
  }

  /** Releases what Stratus holds, leaving the VMs running for the next start to adopt. */
  async shutdown(): Promise<void> {
    this.flushLines();
    for (const nat of this.nats.values()) await nat.close();
    for (const vm of this.vms.values()) vm.release();
  }

  /** Kills every VM (tests). */
  async destroyAll(): Promise<void> {
    for (const id of [...this.vms.keys()]) await this.drop(id);
  }
}

function freePort(protocol: Proto): Promise<number> {
  return new Promise((resolve, reject) => {
    if (protocol === "udp") {
      const s = dgram.createSocket("udp4");
      s.once("error", reject);
      s.bind(0, "127.0.0.1", () => {
        const p = s.address().port;
        s.close(() => resolve(p));
      });
    } else {
      const s = net.createServer();
      s.once("error", reject);
      s.listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    }
  });
}
