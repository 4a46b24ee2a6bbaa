// The NAT firewall in front of a real VM, owned by Stratus as EC2's was by
// Amazon: for every TCP or UDP port an ingress rule allows, a listener on the
// host's public bind address forwards to the guest (through a QEMU hostfwd on
// loopback). It admits only sources inside the rule's CIDRs, follows rule
// changes live (a revoked port closes and its open connections are cut), and
// counts the bytes each way for metering.
import net from "node:net";
import dgram from "node:dgram";
import { cidrContains } from "../../net/cidr";
import type { EnforcedRule } from "../types";

export type Proto = "tcp" | "udp";

export interface PortMapping {
  protocol: Proto;
  guestPort: number;
  hostAddress: string;
  hostPort: number;
  /** Sources allowed to connect. */
  cidrs: string[];
}

/** Wide port ranges are mapped port by port up to this many per rule. */
export const MAX_PORTS_PER_RULE = 32;

export interface Forwarder {
  /** A loopback port on the host that QEMU forwards to the guest's port. */
  open(protocol: Proto, guestPort: number): Promise<number>;
  close(protocol: Proto, internalPort: number): Promise<void>;
}

export interface Traffic {
  add(bytesIn: number, bytesOut: number): void;
}

interface Listener {
  mapping: PortMapping;
  internalPort: number;
  server: net.Server | dgram.Socket;
  /** Open TCP connections and UDP sessions, with their source address, to cut when a rule goes. */
  peers: Set<{ ip: string; close(): void }>;
}

const key = (p: Proto, port: number) => `${p}/${port}`;

/** The ports the rules open, each with the union of their sources. */
export function wantedPorts(rules: EnforcedRule[]): Map<string, { protocol: Proto; guestPort: number; cidrs: string[] }> {
  const out = new Map<string, { protocol: Proto; guestPort: number; cidrs: string[] }>();
  for (const r of rules) {
    if (r.protocol !== "tcp" && r.protocol !== "udp") continue;
    const last = Math.min(r.toPort, r.fromPort + MAX_PORTS_PER_RULE - 1);
    for (let p = r.fromPort; p <= last; p++) {
      const k = key(r.protocol, p);
      const cur = out.get(k) ?? out.set(k, { protocol: r.protocol, guestPort: p, cidrs: [] }).get(k)!;
      for (const c of r.cidrs) if (!cur.cidrs.includes(c)) cur.cidrs.push(c);
    }
  }
  return out;
}

const allowed = (cidrs: string[], ip: string | undefined) => Boolean(ip) && cidrs.some((c) => cidrContains(c, ip!));

export class Nat {
  private listeners = new Map<string, Listener>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly bindAddress: string,
    private readonly forwarder: Forwarder,
    private readonly traffic: Traffic,
    /** Host ports used before a restart, to keep mappings stable when they are still free. */
    private readonly previous: Map<string, { hostPort: number; internalPort: number }> = new Map(),
  ) {}

  /** Makes the open ports exactly what these rules allow. Calls are applied one after another. */
  apply(rules: EnforcedRule[]): Promise<void> {
    this.chain = this.chain.then(() => this.reconcile(wantedPorts(rules))).catch(() => {});
    return this.chain;
  }

  private async reconcile(wanted: Map<string, { protocol: Proto; guestPort: number; cidrs: string[] }>) {
    for (const [k, l] of this.listeners)
      if (!wanted.has(k)) {
        await this.closeListener(l);
        this.listeners.delete(k);
      }
    for (const [k, w] of wanted) {
      const l = this.listeners.get(k);
      if (l) {
        l.mapping.cidrs = w.cidrs;
        // A narrowed rule cuts connections from sources it no longer allows.
        for (const peer of [...l.peers]) if (!allowed(w.cidrs, peer.ip)) peer.close();
        continue;
      }
      const opened = await this.openListener(w.protocol, w.guestPort, w.cidrs).catch(() => null);
      if (opened) this.listeners.set(k, opened);
    }
  }

  private async openListener(protocol: Proto, guestPort: number, cidrs: string[]): Promise<Listener> {
    const prev = this.previous.get(key(protocol, guestPort));
    const internalPort = prev?.internalPort ?? (await this.forwarder.open(protocol, guestPort));
    const mapping: PortMapping = { protocol, guestPort, hostAddress: this.bindAddress, hostPort: 0, cidrs };
    const peers = new Set<{ ip: string; close(): void }>();
    const make = () => (protocol === "tcp" ? this.tcpServer(mapping, internalPort, peers) : this.udpServer(mapping, internalPort, peers));
    let server = make();
    try {
      mapping.hostPort = await listen(server, this.bindAddress, prev?.hostPort ?? 0);
    } catch (e) {
      // The port used before a restart is taken now: any free one.
      if (!prev?.hostPort) throw e;
      server = make();
      mapping.hostPort = await listen(server, this.bindAddress, 0);
    }
    return { mapping, internalPort, server, peers };
  }

  private tcpServer(mapping: PortMapping, internalPort: number, peers: Listener["peers"]): net.Server {
    return net.createServer({ pauseOnConnect: true, allowHalfOpen: true }, (client) => {
      if (!allowed(mapping.cidrs, client.remoteAddress)) {
        client.resetAndDestroy();
        return;
      }
      const upstream = net.connect({ port: internalPort, host: "127.0.0.1", allowHalfOpen: true });
      const peer = { ip: client.remoteAddress!, close: () => (client.destroy(), upstream.destroy()) };
      peers.add(peer);
      client.on("data", (b: Buffer) => this.traffic.add(b.length, 0));
      upstream.on("data", (b: Buffer) => this.traffic.add(0, b.length));
      client.pipe(upstream).on("error", () => peer.close());
      upstream.pipe(client).on("error", () => peer.close());
      client.on("error", () => peer.close());
      upstream.on("error", () => peer.close());
      client.on("close", () => (peers.delete(peer), upstream.destroy()));
      upstream.on("close", () => client.destroy());
      client.resume();
    });
  }

  private udpServer(mapping: PortMapping, internalPort: number, peers: Listener["peers"]): dgram.Socket {
    const server = dgram.createSocket("udp4");
    const sessions = new Map<string, { sock: dgram.Socket; timer: NodeJS.Timeout; peer: { ip: string; close(): void } }>();
    server.on("message", (msg, from) => {
      if (!allowed(mapping.cidrs, from.address)) return;
      const id = `${from.address}:${from.port}`;
      let s = sessions.get(id);
      if (!s) {
        const sock = dgram.createSocket("udp4");
        sock.connect(internalPort, "127.0.0.1");
        sock.on("message", (reply) => {
          this.traffic.add(0, reply.length);
          server.send(reply, from.port, from.address);
        });
        sock.on("error", () => {});
        const peer = { ip: from.address, close: () => (clearTimeout(s!.timer), sock.close(), sessions.delete(id), peers.delete(peer)) };
        s = { sock, timer: setTimeout(() => peer.close(), 60_000), peer };
        sessions.set(id, s);
        peers.add(peer);
        sock.once("connect", () => sock.send(msg));
      } else {
        s.timer.refresh();
        s.sock.send(msg);
      }
      this.traffic.add(msg.length, 0);
    });
    server.on("error", () => {});
    return server;
  }

  private async closeListener(l: Listener): Promise<void> {
    for (const peer of [...l.peers]) peer.close();
    await new Promise<void>((resolve) => (l.server instanceof net.Server ? l.server.close(() => resolve()) : l.server.close(() => resolve())));
    await this.forwarder.close(l.mapping.protocol, l.internalPort).catch(() => {});
    this.previous.delete(key(l.mapping.protocol, l.mapping.guestPort));
  }

  mappings(): PortMapping[] {
    return [...this.listeners.values()].map((l) => ({ ...l.mapping, cidrs: [...l.mapping.cidrs] })).sort((a, b) => a.guestPort - b.guestPort || a.protocol.localeCompare(b.protocol));
  }

  /** For the VM's record: what to reuse after a restart. */
  state(): Record<string, { hostPort: number; internalPort: number }> {
    return Object.fromEntries([...this.listeners].map(([k, l]) => [k, { hostPort: l.mapping.hostPort, internalPort: l.internalPort }]));
  }

  async close(): Promise<void> {
    await this.chain;
    for (const l of this.listeners.values()) await this.closeListener(l);
    this.listeners.clear();
  }
}

function listen(server: net.Server | dgram.Socket, address: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    if (server instanceof net.Server) {
      server.once("error", reject);
      server.listen(port, address, () => resolve((server.address() as net.AddressInfo).port));
    } else {
      server.once("error", reject);
      server.bind(port, address, () => resolve(server.address().port));
    }
  });
}
