// The simulated console: what a 2008 Xen guest printed, made from the
// instance itself — its kernel and distribution, private address, hostname,
// SSH host key fingerprints, key pair and user data — and timed across its
// boot, reboot and shutdown. Deterministic: derived from the state history,
// so it can be (re)written after a restart without duplicating a line.
import crypto from "node:crypto";
import { SIM_TIMING } from "./sim-timing";
import type { ProviderInstance } from "./types";

export interface ConsoleSubject extends ProviderInstance {
  privateDns: string;
  availabilityZone: string;
  keyName: string | null;
  publicKey: string | null;
  userData: string | null;
  memoryMiB: number;
  vcpus: number;
  architecture: string;
}

export interface HistoryEntry {
  from: string;
  to: string;
  reasonCode: string;
  at: Date;
}

export interface TimedLine {
  at: Date;
  text: string;
}

const GREEN = (s: string) => `\x1b[1;32m${s}\x1b[0;39m`;
const RED = (s: string) => `\x1b[1;31m${s}\x1b[0;39m`;
const ok = (distro: string) => (distro === "fedora" ? `[  ${GREEN("OK")}  ]` : `[ ${GREEN("OK")} ]`);

function hex(seed: string, bytes: number): string {
  return crypto.createHash("sha256").update(seed).digest("hex").slice(0, bytes * 2);
}

function colonHex(seed: string): string {
  return hex(seed, 16).match(/../g)!.join(":");
}

function sha256Fp(seed: string): string {
  return "SHA256:" + crypto.createHash("sha256").update(seed).digest("base64").replace(/=+$/, "");
}

const hostname = (s: ConsoleSubject) => (s.privateDns ? s.privateDns.split(".")[0] : `ip-${(s.privateIp ?? "0.0.0.0").replaceAll(".", "-")}`);

/** The user data as the instance would run it at boot. */
export function userDataLines(b64: string | null): string[] {
  if (!b64) return [];
  const bytes = Buffer.from(b64, "base64");
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.includes("\uFFFD") || /[\x00-\x08\x0e-\x1f]/.test(text)) return [`ec2: user-data: ${bytes.length} bytes of binary data, not a script: not run`];
  const lines = text.split(/\r?\n/);
  if (!lines[0].startsWith("#!")) return [`ec2: user-data: ${bytes.length} bytes, not a script (first line "${lines[0].slice(0, 40)}"): not run`];
  const out = [`ec2: Running user-data script (${lines[0].slice(2).trim()}, ${bytes.length} bytes)`];
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    out.push(`+ ${line}`);
    const echo = /^echo\s+(?:-[ne]+\s+)?(.*)$/.exec(line);
    if (echo) out.push(echo[1].replace(/^(['"])(.*)\1$/, "$2").replace(/\\(.)/g, "$1"));
  }
  out.push("ec2: user-data script finished (exit status 0)");
  return out;
}

/** Lines of one boot, each with its share of the boot time (0..1). */
export function bootLines(s: ConsoleSubject, bootNo: number, at: Date): [number, string][] {
  const host = hostname(s);
  const ip = s.privateIp ?? "0.0.0.0";
  const seed = `${s.id}:${bootNo}`;
  const bogo = (2600 * 2 * (0.98 + 0.04 * parseInt(hex(seed, 2), 16) / 65535)).toFixed(2);
  const mac = `12:31:39:${hex(s.id, 3).match(/../g)!.join(":")}`.toUpperCase();
  const date = at.toUTCString().replace("GMT", "UTC");
  const fedora = s.image.distro === "fedora";
  const arch = s.architecture === "i386" ? "i686" : "x86_64";
  const kernel = s.image.kernel || (fedora ? "2.6.21.7-2.fc8xen" : "2.6.24-10-xen");
  const memK = s.memoryMiB * 1024;
  const early: string[] = [
    `Linux version ${kernel} (${fedora ? "mockbuild@xenbuilder2.fedora.redhat.com) (gcc version 4.1.2 20070925 (Red Hat 4.1.2-33))" : "buildd@crested) (gcc version 4.2.3 (Ubuntu 4.2.3-2ubuntu7))"} #1 SMP ${fedora ? "Fri Feb 15 12:39:36 EST 2008" : "Fri Mar 21 12:34:56 UTC 2008"}`,
    "BIOS-provided physical RAM map:",
    ` Xen: 0000000000000000 - ${(memK * 1024).toString(16).padStart(16, "0")} (usable)`,
    `${Math.round(s.memoryMiB * 0.55)}MB HIGHMEM available.`,
    "Zone PFN ranges:",
    `Kernel command line:  root=/dev/sda1 ro 4 console=xvc0`,
    `Xen reported: 2600.${hex(seed, 1).charCodeAt(0) % 10}00 MHz processor.`,
    "Console: colour dummy device 80x25",
    `Calibrating delay using timer specific routine.. ${bogo} BogoMIPS (lpj=${Math.round(Number(bogo) * 2000)})`,
    `Memory: ${memK - 22_272}k/${memK}k available (2011k kernel code, 21436k reserved, 1018k data, 176k init)`,
    `Brought up ${s.vcpus} CPU${s.vcpus === 1 ? "" : "s"}`,
    "NET: Registered protocol family 16",
    "Grant table initialized",
    "Xen virtual console successfully installed as xvc0",
    "Event-channel device installed.",
    `netfront: Initialising virtual ethernet driver.`,
    `netfront: device eth0 has copying receive path.`,
    "Registering block device major 8",
    "blkfront: sda1: barriers enabled",
    "blkfront: sda2: barriers enabled",
    "EXT3-fs: mounted filesystem with ordered data mode.",
    "Freeing unused kernel memory: 176k freed",
  ];
  const services: string[] = fedora
    ? [
        "                Welcome to Fedora ",
        "                Press 'I' to enter interactive startup.",
        `Setting clock  (utc): ${date} ${ok("fedora")}`,
        `Starting udev: ${ok("fedora")}`,
        `Setting hostname localhost.localdomain:  ${ok("fedora")}`,
        `Checking filesystems`,
        `/dev/sda1: clean, ${20_000 + (parseInt(hex(s.id, 2), 16) % 9000)}/${Math.round(s.memoryMiB * 120)} files`,
        `Remounting root filesystem in read-write mode:  ${ok("fedora")}`,
        `Mounting local filesystems:  ${ok("fedora")}`,
        `Enabling /etc/fstab swaps:  ${ok("fedora")}`,
        `Entering non-interactive startup`,
        `Bringing up loopback interface:  ${ok("fedora")}`,
        `Bringing up interface eth0:  `,
        `Determining IP information for eth0 (${mac})... done.`,
        `eth0: ${ip} netmask 255.255.254.0 ${ok("fedora")}`,
        `Starting system logger: ${ok("fedora")}`,
        `Starting kernel logger: ${ok("fedora")}`,
        `Starting irqbalance: ${ok("fedora")}`,
        `Starting portmap: ${ok("fedora")}`,
        `Starting sshd: ${ok("fedora")}`,
        `Starting crond: ${ok("fedora")}`,
      ]
    : [
        " * Setting preliminary keymap...        " + ok("ubuntu"),
        " * Starting kernel event manager...     " + ok("ubuntu"),
        " * Loading hardware drivers...          " + ok("ubuntu"),
        " * Checking file systems...             " + ok("ubuntu"),
        ` * Setting the system clock: ${date}`,
        " * Mounting local filesystems...        " + ok("ubuntu"),
        " * Activating swapfile swap...          " + ok("ubuntu"),
        ` * Configuring network interfaces...`,
        `   eth0: ${mac} -> DHCPACK from 10.0.0.1: ${ip}`,
        `   bound to ${ip} -- renewal in 1800 seconds.  ${ok("ubuntu")}`,
        " * Starting system log daemon...        " + ok("ubuntu"),
        " * Starting kernel log daemon...        " + ok("ubuntu"),
        " * Starting OpenBSD Secure Shell server sshd  " + ok("ubuntu"),
        " * Starting deferred execution scheduler atd  " + ok("ubuntu"),
        " * Starting periodic command scheduler crond  " + ok("ubuntu"),
      ];
  if (s.image.name.toLowerCase().includes("rails"))
    services.push(`Starting mysqld: ${ok(s.image.distro)}`, `Starting mongrel_cluster: ${ok(s.image.distro)}`, `mongrel: listening on 0.0.0.0:80 (rails 2.0.2, production)`);
  const ec2: string[] = [
    `ec2: Instance metadata: ${s.id} (${s.image.id}, ${s.instanceType}) in ${s.availabilityZone}`,
    `ec2: Retrieving public key from instance metadata: ${s.keyName ? `key pair ${s.keyName}` : "none"}`,
  ];
  if (s.publicKey) {
    const [type, body] = s.publicKey.split(/\s+/);
    ec2.push(`ec2: Installing ${type} key ${s.keyName ?? ""} for root in /root/.ssh/authorized_keys`, `ec2: ${type} ${body.slice(0, 24)}…${body.slice(-12)}`);
  } else ec2.push("ec2: No key pair: nothing installed for root");
  // Host keys are made on first boot and live on the instance's disk: the same on every boot.
  const keys = [
    ["2048", colonHex(`${s.id}:rsa1`), "/etc/ssh/ssh_host_key.pub"],
    ["2048", colonHex(`${s.id}:rsa`), "/etc/ssh/ssh_host_rsa_key.pub (RSA)"],
    ["1024", colonHex(`${s.id}:dsa`), "/etc/ssh/ssh_host_dsa_key.pub (DSA)"],
  ];
  if (bootNo === 1) ec2.unshift(...keys.map(([, , f]) => `Generating SSH host key ${f.split(" ")[0]}: ${ok(s.image.distro)}`));
  ec2.push(
    "ec2: ",
    "ec2: #############################################################",
    "ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----",
    ...keys.map(([bits, fp, f]) => `ec2: ${bits} ${fp} ${f}`),
    `ec2: 256 ${sha256Fp(`${s.id}:ed`)} /etc/ssh/ssh_host_ed25519_key.pub (ED25519)`,
    "ec2: -----END SSH HOST KEY FINGERPRINTS-----",
    "ec2: #############################################################",
  );
  const user = bootNo === 1 ? userDataLines(s.userData) : s.userData ? ["ec2: user-data already ran on the first boot: not run again"] : [];
  const login = fedora
    ? ["", "Fedora release 8 (Werewolf)", `Kernel ${kernel} on an ${arch}`, "", `${host} login: `]
    : ["", `${s.image.name.includes("10.04") ? "Ubuntu 10.04 LTS" : "Ubuntu 8.04"} ${host} tty1`, "", `${host} login: `];

  // Shares of the boot: kernel 0–20%, services 20–75%, keys and user data 75–96%, login at the end.
  const spread = (lines: string[], from: number, to: number): [number, string][] => lines.map((l, i) => [from + ((to - from) * i) / Math.max(1, lines.length), l]);
  return [...spread(early, 0, 0.2), ...spread(services, 0.2, 0.75), ...spread([...ec2, ...user], 0.75, 0.97), ...spread(login, 0.98, 1)];
}

export function shutdownLines(s: ConsoleSubject, kind: "reboot" | "halt" | "poweroff"): [number, string][] {
  const distro = s.image.distro;
  const lines =
    distro === "fedora"
      ? [
          "",
          `Broadcast message from root (${kind === "reboot" ? "console" : "xvc0"}):`,
          `The system is going down for ${kind === "reboot" ? "reboot" : kind === "halt" ? "system halt" : "power off"} NOW!`,
          `Stopping crond: ${ok(distro)}`,
          `Stopping sshd: ${ok(distro)}`,
          `Shutting down system logger: ${ok(distro)}`,
          `Shutting down interface eth0:  ${ok(distro)}`,
          `Sending all processes the TERM signal... ${ok(distro)}`,
          `Sending all processes the KILL signal... ${ok(distro)}`,
          `Unmounting file systems:  ${ok(distro)}`,
          kind === "reboot" ? "Please stand by while rebooting the system..." : kind === "halt" ? "Halting system..." : "Power down.",
        ]
      : [
          "",
          ` * Stopping OpenBSD Secure Shell server sshd  ${ok(distro)}`,
          ` * Asking all remaining processes to terminate...  ${ok(distro)}`,
          ` * Deconfiguring network interfaces...  ${ok(distro)}`,
          ` * Unmounting local filesystems...  ${ok(distro)}`,
          kind === "reboot" ? " * Will now restart" : " * Will now halt",
        ];
  return lines.map((l, i) => [i / lines.length, l]);
}

interface Phase {
  start: Date;
  end: Date;
  lines: [number, string][];
}

/**
 * The console's phases from the state history: boots, reboots, stops,
 * terminations; a hardware failure ends it abruptly, a retirement says so.
 */
export function phases(s: ConsoleSubject, history: HistoryEntry[]): Phase[] {
  const out: Phase[] = [];
  let bootNo = 0;
  const nextAt = (i: number, to: string) => history.slice(i + 1).find((h) => h.to === to)?.at ?? null;
  history.forEach((h, i) => {
    const subject = { ...s, bootCount: bootNo + 1, stateChangedAt: h.at };
    if (h.to === "pending") {
      bootNo++;
      const end = nextAt(i, "running") ?? new Date(h.at.getTime() + SIM_TIMING.bootSeconds({ ...subject, bootCount: bootNo }) * 1000);
      out.push({ start: h.at, end, lines: bootLines(s, bootNo, h.at) });
    } else if (h.from === "running" && h.to === "running") {
      const dur = SIM_TIMING.rebootSeconds({ ...subject, bootCount: bootNo }) * 1000;
      bootNo++;
      const preface: [number, string][] = h.reasonCode === "Server.ScheduledReboot" ? [[0, "ec2: Scheduled system-reboot event: the provider is rebooting this instance"]] : [];
      const down = shutdownLines(s, "reboot").map(([f, l]): [number, string] => [f * 0.25, l]);
      const up = bootLines(s, bootNo, h.at).map(([f, l]): [number, string] => [0.3 + f * 0.7, l]);
      out.push({ start: h.at, end: new Date(h.at.getTime() + dur), lines: [...preface, ...down, ...up] });
    } else if (h.to === "stopping") {
      const end = nextAt(i, "stopped") ?? new Date(h.at.getTime() + SIM_TIMING.stopSeconds(subject) * 1000);
      out.push({ start: h.at, end, lines: shutdownLines(s, "halt") });
    } else if (h.to === "shutting-down") {
      const end = nextAt(i, "terminated") ?? new Date(h.at.getTime() + SIM_TIMING.shutdownSeconds(subject) * 1000);
      out.push({ start: h.at, end, lines: shutdownLines(s, "poweroff") });
    } else if (h.to === "terminated" && h.reasonCode === "Server.ScheduledStop") {
      out.push({ start: h.at, end: h.at, lines: [[0, RED("ec2: Scheduled instance-retirement: the host is being retired; this instance is being shut down")], [1, "Power down."]] });
    } else if (h.to === "terminated" && h.reasonCode === "Server.InternalError") {
      // The host died: the console just stops, mid-boot or mid-sentence.
      out.push({ start: h.at, end: h.at, lines: [] });
    }
  });
  return out;
}

// The pump asks for the same instance's phases on every pass while it boots;
// they change only with its history (or its addresses), so they are kept.
const phaseCache = new Map<string, Phase[]>();
function cachedPhases(s: ConsoleSubject, history: HistoryEntry[]): Phase[] {
  const last = history[history.length - 1];
  const key = `${s.id}|${history.length}|${last?.at.getTime() ?? 0}|${last?.to ?? ""}|${s.privateIp}|${s.publicIp}|${s.userData?.length ?? 0}`;
  let ps = phaseCache.get(key);
  if (!ps) {
    if (phaseCache.size >= 5000) phaseCache.clear();
    ps = phases(s, history);
    phaseCache.set(key, ps);
  }
  return ps;
}

/** Console lines written in (from, to]. A phase cut short by a later one stops there. */
export function linesBetween(s: ConsoleSubject, history: HistoryEntry[], from: Date, to: Date): TimedLine[] {
  const ps = cachedPhases(s, history);
  const out: TimedLine[] = [];
  ps.forEach((p, i) => {
    const cutoff = ps[i + 1]?.start.getTime() ?? Infinity;
    const span = Math.max(0, p.end.getTime() - p.start.getTime());
    for (const [share, text] of p.lines) {
      const at = p.start.getTime() + Math.round(share * span);
      if (at >= cutoff && i + 1 < ps.length) continue;
      if (at > from.getTime() && at <= to.getTime()) out.push({ at: new Date(at), text });
    }
  });
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** When the next line after `t` is due, or null when the console is quiet. */
export function nextLineAfter(s: ConsoleSubject, history: HistoryEntry[], t: Date): Date | null {
  const ps = cachedPhases(s, history);
  let best: number | null = null;
  ps.forEach((p, i) => {
    const cutoff = ps[i + 1]?.start.getTime() ?? Infinity;
    const span = Math.max(0, p.end.getTime() - p.start.getTime());
    for (const [share] of p.lines) {
      const at = p.start.getTime() + Math.round(share * span);
      if (at > t.getTime() && at < cutoff && (best === null || at < best)) best = at;
    }
  });
  return best === null ? null : new Date(best);
}
