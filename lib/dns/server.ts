// Stratus's authoritative DNS server: UDP and TCP on one port (dns-packet for
// the wire format). UDP answers fit 512 bytes, or the client's EDNS size up to
// 1,232; a longer answer is sent truncated (TC) so the client asks over TCP.
// TCP carries length-prefixed messages, several per connection.
import dgram from "node:dgram";
import net from "node:net";
import * as packet from "dns-packet";
import type { Answer, DecodedPacket, Packet } from "dns-packet";
import { answerQuery, bare, RCODE, type DnsLookup } from "./answer";
import { logger } from "../log";

const EDNS_SIZE = 1232;
const TCP_IDLE_MS = 10_000;
const MAX_TCP_CONNECTIONS = 256;

export interface DnsServer {
  port: number;
  address: string;
  /** Queries answered since start. */
  answered(): number;
  close(): Promise<void>;
}

function ednsOf(q: DecodedPacket): { size: number } | null {
  const opt = (q.additionals ?? []).find((a) => a.type === "OPT") as { udpPayloadSize?: number } | undefined;
  return opt ? { size: Math.max(512, Math.min(EDNS_SIZE, opt.udpPayloadSize ?? 512)) } : null;
}

/** The wire answer to one message, or null to stay silent (not a query at all). */
export async function respond(msg: Buffer, lookup: DnsLookup, nsAddress: string, udp: boolean): Promise<Buffer | null> {
  if (msg.length < 12) return null;
  let q: DecodedPacket;
  try {
    q = packet.decode(msg);
  } catch {
    // A header we can read gets FORMERR; anything less is dropped.
    return packet.encode(bare(msg.readUInt16BE(0), msg.readUInt16BE(2), RCODE.FORMERR));
  }
  if (q.type === "response") return null;
  let res: Packet;
  try {
    res = await answerQuery(q, lookup, { nsAddress });
  } catch (e) {
    logger.error({ err: e }, "dns answer failed");
    res = bare(q.id ?? 0, q.flags ?? 0, RCODE.SERVFAIL, q.questions ?? []);
  }
  const edns = ednsOf(q);
  if (edns) res.additionals = [...(res.additionals ?? []), { type: "OPT", name: ".", udpPayloadSize: EDNS_SIZE, flags: 0, options: [] } as unknown as Answer];
  let out = packet.encode(res);
  const limit = udp ? (edns?.size ?? 512) : 65_535;
  if (out.length > limit) {
    res.answers = [];
    res.authorities = [];
    res.additionals = edns ? res.additionals!.filter((a) => a.type === "OPT") : [];
    res.flags = (res.flags ?? 0) | packet.TRUNCATED_RESPONSE;
    out = packet.encode(res);
  }
  return out;
}

export function startDnsServer(lookup: DnsLookup, opts: { port: number; bind: string }): Promise<DnsServer> {
  const nsAddress = opts.bind === "0.0.0.0" ? "127.0.0.1" : opts.bind;
  let count = 0;
  const udp = dgram.createSocket(opts.bind.includes(":") ? "udp6" : "udp4");
  udp.on("message", (msg, rinfo) => {
    respond(msg, lookup, nsAddress, true)
      .then((out) => {
        if (!out) return;
        count++;
        udp.send(out, rinfo.port, rinfo.address);
      })
      .catch((e) => logger.error({ err: e }, "dns udp failed"));
  });
  udp.on("error", (e) => logger.error({ err: e }, "dns udp socket error"));

  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((sock) => {
    if (sockets.size >= MAX_TCP_CONNECTIONS) return sock.destroy();
    sockets.add(sock);
    sock.setTimeout(TCP_IDLE_MS, () => sock.destroy());
    let buf = Buffer.alloc(0);
    let busy = Promise.resolve();
    sock.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + msg.length);
        // Answers go out in the order the queries came.
        busy = busy.then(async () => {
          const out = await respond(Buffer.from(msg), lookup, nsAddress, false);
          if (!out || sock.destroyed) return;
          count++;
          const len = Buffer.alloc(2);
          len.writeUInt16BE(out.length);
          sock.write(Buffer.concat([len, out]));
        }).catch((e) => logger.error({ err: e }, "dns tcp failed"));
      }
    });
    sock.on("error", () => sock.destroy());
    sock.on("close", () => sockets.delete(sock));
  });

  return new Promise((resolve, reject) => {
    udp.once("error", reject);
    udp.bind(opts.port, opts.bind, () => {
      const port = udp.address().port;
      tcp.once("error", reject);
      tcp.listen(port, opts.bind, () => {
        udp.off("error", reject);
        resolve({
          port,
          address: opts.bind,
          answered: () => count,
          close: () =>
            new Promise<void>((done) => {
              for (const s of sockets) s.destroy();
              udp.close(() => tcp.close(() => done()));
            }),
        });
      });
    });
  });
}
