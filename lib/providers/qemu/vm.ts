// One real VM: a qemu-system-x86_64 process per instance, started paused so
// that no console byte is lost, with its serial port and QMP on unix sockets
// in the VM's directory, its private address handed out by QEMU's DHCP, and
// 169.254.169.254 forwarded to a metadata listener that knows which instance
// is asking. The process outlives a Stratus restart and is adopted again.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { Qmp } from "./qmp";
import type { ImageFiles } from "./host";

export interface VmRecord {
  instanceId: string;
  pid: number;
  accel: "kvm" | "tcg";
  imdsPort: number;
  startedAt: number;
  readyAt: number | null;
  privateIp: string;
  /** NAT state to reuse after a restart: "tcp/80" → host and loopback ports. */
  ports: Record<string, { hostPort: number; internalPort: number }>;
}

export interface VmSpec {
  instanceId: string;
  dir: string;
  qemu: string;
  busybox: string;
  image: ImageFiles;
  memoryMiB: number;
  vcpus: number;
  privateIp: string;
  accel: "kvm" | "tcg";
}

export interface VmHooks {
  /** Complete console lines, as they arrive. */
  onLines(instanceId: string, lines: string[]): void;
  /** The guest's init printed its ready marker. */
  onReady(instanceId: string, at: number): void;
  /** The QEMU process ended (code or signal), with the last words of its log. */
  onExit(instanceId: string, at: number, why: string): void;
  /** A metadata request from the guest. */
  metadata(instanceId: string, req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: string | Buffer }>;
}

const READY = /stratus: ready\b/;
/** A kernel log line: seen within seconds of `cont` when the accelerator works. */
export const KERNEL_LINE = /^\[\s*\d+\.\d+\]/;

const cpuKhz = (() => {
  try {
    const mhz = Number(/cpu MHz\s*:\s*([\d.]+)/.exec(fs.readFileSync("/proc/cpuinfo", "utf8"))?.[1]);
    return Number.isFinite(mhz) && mhz > 0 ? Math.round(mhz * 1000) : 2_000_000;
  } catch {
    return 2_000_000;
  }
})();

/** The guest's /24: QEMU's gateway and DNS are two other addresses in it. */
function guestNet(ip: string) {
  const [a, b, c, d] = ip.split(".").map(Number);
  const base = `${a}.${b}.${c}`;
  const pick = (avoid: number[]) => [1, 2, 3, 254, 253, 252].find((x) => !avoid.includes(x))!;
  const host = pick([d]);
  const dns = pick([d, host]);
  return { net: `${base}.0/24`, host: `${base}.${host}`, dns: `${base}.${dns}` };
}

export function qemuArgs(s: VmSpec, imdsPort: number): string[] {
  const n = guestNet(s.privateIp);
  const append = ["console=ttyS0", `stratus.id=${s.instanceId}`, "panic=-1", ...(s.accel === "tcg" ? [`tsc_early_khz=${cpuKhz}`] : [])].join(" ");
  return [
    "-name", `stratus-${s.instanceId}`,
    "-M", "microvm,pit=on,pic=on,rtc=on",
    "-accel", s.accel === "kvm" ? "kvm" : "tcg,tb-size=32",
    ...(s.accel === "kvm" ? ["-cpu", "host"] : []),
    "-m", String(s.memoryMiB),
    "-smp", String(s.vcpus),
    "-nodefaults", "-no-user-config", "-display", "none",
    "-kernel", s.image.kernel,
    "-initrd", s.image.initrd,
    "-append", append,
    "-chardev", `socket,id=ser0,path=${path.join(s.dir, "serial.sock")},server=on,wait=off`,
    "-serial", "chardev:ser0",
    "-qmp", `unix:${path.join(s.dir, "qmp.sock")},server=on,wait=off`,
    // eth0: the private address (restrict=on: the guest reaches nothing but what is forwarded).
    "-netdev", `user,id=n0,restrict=on,net=${n.net},host=${n.host},dns=${n.dns},dhcpstart=${s.privateIp},hostname=${s.instanceId}`,
    "-device", "virtio-net-device,netdev=n0",
    // eth1: link-local, where 169.254.169.254 reaches this VM's metadata listener.
    "-netdev", `user,id=n1,restrict=on,net=169.254.0.0/16,host=169.254.0.1,dhcpstart=169.254.0.10,guestfwd=tcp:169.254.169.254:80-cmd:${s.busybox} nc 127.0.0.1 ${imdsPort}`,
    "-device", "virtio-net-device,netdev=n1",
    "-S",
  ];
}

export function pidAlive(pid: number, instanceId: string): boolean {
  try {
    process.kill(pid, 0);
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(`stratus-${instanceId}`);
  } catch {
    return false;
  }
}

/** Waits for QEMU to create a socket; a QEMU that exits first is reported at once. */
async function waitForSocket(p: string, ms: number, exited: () => string | null): Promise<void> {
  const until = Date.now() + ms;
  while (!fs.existsSync(p)) {
    const why = exited();
    if (why) throw new Error(`it ${why} before creating ${path.basename(p)}`);
    if (Date.now() > until) throw new Error(`QEMU did not create ${path.basename(p)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export class Vm {
  qmp: Qmp | null = null;
  private serial: net.Socket | null = null;
  private partial = "";
  private partialTimer: NodeJS.Timeout | null = null;
  exitedAt: number | null = null;
  exitReason = "";
  /** When the last kernel line was seen (the accelerator works). */
  kernelSeenAt: number | null = null;
  powerdownAt: number | null = null;
  /** When the power button was last pressed (it is pressed again while the guest ignores it). */
  pressedAt: number | null = null;
  private exitWatch: NodeJS.Timeout | null = null;

  /** Why the process ended, or null while it runs. */
  get endReason(): string | null {
    return this.exitedAt !== null ? this.exitReason : null;
  }

  private constructor(
    readonly dir: string,
    readonly record: VmRecord,
    private readonly hooks: VmHooks,
    private readonly imds: http.Server,
    private readonly child: ChildProcess | null,
  ) {}

  get id(): string {
    return this.record.instanceId;
  }

  save(): void {
    fs.writeFileSync(path.join(this.dir, "vm.json"), JSON.stringify(this.record, null, 2));
  }

  static async start(spec: VmSpec, hooks: VmHooks): Promise<Vm> {
    fs.mkdirSync(spec.dir, { recursive: true });
    // Named one by one (not looped over): see imageFiles in host.ts.
    fs.rmSync(path.join(spec.dir, "serial.sock"), { force: true });
    fs.rmSync(path.join(spec.dir, "qmp.sock"), { force: true });
    const imds = await metadataServer(spec.instanceId, hooks, 0);
    const imdsPort = (imds.address() as net.AddressInfo).port;
    const log = fs.openSync(path.join(spec.dir, "qemu.log"), "w");
    const child = spawn(spec.qemu, qemuArgs(spec, imdsPort), { detached: true, stdio: ["ignore", log, log] });
    fs.closeSync(log);
    const spawned = await new Promise<Error | null>((resolve) => {
      child.once("spawn", () => resolve(null));
      child.once("error", (e) => resolve(e));
    });
    if (spawned || !child.pid) {
      imds.close();
      throw new Error(`QEMU could not be started: ${spawned?.message ?? "no process"}`);
    }
    child.unref();
    const record: VmRecord = { instanceId: spec.instanceId, pid: child.pid, accel: spec.accel, imdsPort, startedAt: Date.now(), readyAt: null, privateIp: spec.privateIp, ports: {} };
    const vm = new Vm(spec.dir, record, hooks, imds, child);
    child.once("exit", (code, signal) => vm.ended(signal ? `killed by ${signal}` : code === 0 ? "exited" : `exited with status ${code}`));
    vm.save();
    try {
      await waitForSocket(path.join(spec.dir, "serial.sock"), 10_000, () => vm.endReason);
      await vm.connect();
      await vm.qmp!.execute("cont");
    } catch (e) {
      await vm.kill();
      throw new Error(`QEMU started but ${(e as Error).message}${vm.logTail() ? `: ${vm.logTail()}` : ""}`);
    }
    return vm;
  }

  /** A VM a previous Stratus process started: reconnected if its process still runs, else null. */
  static async adopt(dir: string, hooks: VmHooks): Promise<Vm | null> {
    let record: VmRecord;
    try {
      record = JSON.parse(fs.readFileSync(path.join(dir, "vm.json"), "utf8"));
    } catch {
      return null;
    }
    if (!pidAlive(record.pid, record.instanceId)) return null;
    const imds = await metadataServer(record.instanceId, hooks, record.imdsPort).catch(() => null);
    if (!imds) return null;
    const vm = new Vm(dir, record, hooks, imds, null);
    await vm.connect().catch(() => {});
    vm.watchExit();
    return vm;
  }

  static readRecord(dir: string): VmRecord | null {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, "vm.json"), "utf8"));
    } catch {
      return null;
    }
  }

  private async connect(): Promise<void> {
    this.serial = net.connect(path.join(this.dir, "serial.sock"));
    this.serialClosed = new Promise((resolve) => this.serial!.once("close", () => resolve()));
    this.serial.setEncoding("utf8");
    this.serial.on("data", (chunk: string) => this.console(chunk));
    this.serial.on("error", () => {});
    await new Promise<void>((resolve, reject) => {
      this.serial!.once("connect", () => resolve());
      this.serial!.once("error", reject);
    });
    await waitForSocket(path.join(this.dir, "qmp.sock"), 5000, () => this.endReason);
    this.qmp = await Qmp.connect(path.join(this.dir, "qmp.sock"));
  }

  /** An adopted process is not our child: its end is noticed by polling. */
  private watchExit() {
    this.exitWatch = setInterval(() => {
      if (!pidAlive(this.record.pid, this.id)) {
        if (this.exitWatch) clearInterval(this.exitWatch);
        this.ended("ended");
      }
    }, 1000);
    this.exitWatch.unref();
  }

  private serialClosed: Promise<void> = Promise.resolve();

  /** The process ended: the last console bytes are read before it counts as exited. */
  private ended(why: string) {
    const at = Date.now();
    void Promise.race([this.serialClosed, new Promise((r) => setTimeout(r, 1000))]).then(() => this.exited(why, at));
  }

  private exited(why: string, at = Date.now()) {
    if (this.exitedAt !== null) return;
    this.exitedAt = at;
    if (this.exitWatch) clearInterval(this.exitWatch);
    this.flushPartial();
    this.exitReason = why;
    this.hooks.onExit(this.id, this.exitedAt, why);
  }

  private console(chunk: string) {
    const text = this.partial + chunk.replace(/\r/g, "");
    const parts = text.split("\n");
    this.partial = parts.pop() ?? "";
    if (this.partialTimer) clearTimeout(this.partialTimer);
    // A line without its newline yet (a prompt) is shown after a moment.
    if (this.partial) this.partialTimer = setTimeout(() => this.flushPartial(), 1000);
    if (parts.length) this.lines(parts);
  }

  private flushPartial() {
    if (!this.partial) return;
    const line = this.partial;
    this.partial = "";
    this.lines([line]);
  }

  private lines(lines: string[]) {
    for (const l of lines) {
      if (this.kernelSeenAt === null && KERNEL_LINE.test(l)) this.kernelSeenAt = Date.now();
      if (READY.test(l) && this.record.readyAt === null) {
        this.record.readyAt = Date.now();
        this.save();
        this.hooks.onReady(this.id, this.record.readyAt);
      }
    }
    this.hooks.onLines(this.id, lines);
  }

  get alive(): boolean {
    return this.exitedAt === null && pidAlive(this.record.pid, this.id);
  }

  async reset(): Promise<void> {
    await this.qmp?.execute("system_reset");
  }

  /** The ACPI power button: the guest's acpid powers it off in order. A press
   *  before acpid listens (early boot) is lost, so callers press again. */
  async powerdown(): Promise<void> {
    if (this.powerdownAt === null) this.powerdownAt = Date.now();
    this.pressedAt = Date.now();
    await this.qmp?.execute("system_powerdown").catch(() => {});
  }

  /** Gone now: QMP quit, then SIGKILL if it lingers. */
  async kill(): Promise<void> {
    if (this.alive) {
      await Promise.race([this.qmp?.execute("quit").catch(() => {}), new Promise((r) => setTimeout(r, 1000))]);
      for (let i = 0; i < 20 && pidAlive(this.record.pid, this.id); i++) await new Promise((r) => setTimeout(r, 50));
      if (pidAlive(this.record.pid, this.id)) {
        try {
          process.kill(this.record.pid, "SIGKILL");
        } catch {
          /* gone */
        }
        for (let i = 0; i < 40 && pidAlive(this.record.pid, this.id); i++) await new Promise((r) => setTimeout(r, 25));
      }
    }
    await Promise.race([this.serialClosed, new Promise((r) => setTimeout(r, 500))]);
    this.exited(this.exitReason || "stopped by Stratus");
  }

  /** Closes what Stratus holds for the VM (the process itself is left alone). */
  release(): void {
    if (this.exitWatch) clearInterval(this.exitWatch);
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.serial?.destroy();
    this.qmp?.close();
    this.imds.close();
  }

  /** Killed, released, and its files removed (terminate). */
  async destroy(): Promise<void> {
    await this.kill();
    this.release();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  logTail(): string {
    try {
      const text = fs.readFileSync(path.join(this.dir, "qemu.log"), "utf8").trim();
      return text.split("\n").slice(-2).join(" ").slice(0, 300);
    } catch {
      return "";
    }
  }
}

function metadataServer(instanceId: string, hooks: VmHooks, port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      hooks
        .metadata(instanceId, req, Buffer.concat(chunks))
        .then((r) => {
          res.writeHead(r.status, { ...r.headers, "content-length": Buffer.byteLength(r.body) });
          res.end(req.method === "HEAD" ? undefined : r.body);
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
