// EC2 Query API load from this process: SigV4-signed requests sent by N
// concurrent clients over keep-alive connections (undici), with latency and
// the server's own time (Server-Timing). Shared by the api and replicas sections.
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import { Hash } from "@smithy/hash-node";
import { Agent, request } from "undici";
import { ms, now, stats } from "./world";

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A request signed for one server: signatures hold 15 minutes, so sign each distinct one once, up front. */
export interface Signed {
  url: URL;
  body: string;
  headers: Record<string, string>;
}

export function ec2Signer(serverUrl: string, key: AccessKey): (body: string) => Promise<Signed> {
  const url = new URL(`${serverUrl}/api/aws`);
  const signer = new SignatureV4({ credentials: key, region: "us-east-1", service: "ec2", sha256: Hash.bind(null, "sha256") });
  return async (body) => {
    const r = await signer.sign(new HttpRequest({ method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host, "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, body }));
    return { url, body, headers: r.headers as Record<string, string> };
  };
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  errors: number;
  latencyMs: ReturnType<typeof stats>;
  serverMs: ReturnType<typeof stats>;
}

export class Ec2Load {
  // `connections` is per origin: each server gets up to one connection per client.
  private agent: Agent;
  constructor(readonly clients: number) {
    this.agent = new Agent({ connections: clients, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  async send(req: Signed) {
    const t = now();
    const res = await request(req.url, { method: "POST", headers: req.headers, body: req.body, dispatcher: this.agent });
    const text = await res.body.text();
    const serverMs = Number(/dur=([\d.]+)/.exec(String(res.headers["server-timing"] ?? ""))?.[1] ?? NaN);
    return { status: res.statusCode, ms: ms(t), serverMs, text };
  }

  /** Every client sends `next(i, client)` back to back for `seconds`; i counts that client's requests, interleaved across clients. */
  async load(seconds: number, next: (i: number, client: number) => Signed): Promise<LoadResult> {
    const lat: number[] = [];
    const serverLat: number[] = [];
    let errors = 0;
    let done = 0;
    const until = Date.now() + seconds * 1000;
    const t0 = now();
    await Promise.all(
      Array.from({ length: this.clients }, async (_, c) => {
        for (let i = c; Date.now() < until; i += this.clients) {
          const r = await this.send(next(i, c)).catch((e: Error) => ({ status: 0, ms: NaN, serverMs: NaN, text: e.message }));
          if (r.status !== 200) {
            errors++;
            if (errors < 3) console.error(r.status, r.text.slice(0, 300));
          }
          if (!Number.isNaN(r.ms)) lat.push(r.ms);
          if (!Number.isNaN(r.serverMs)) serverLat.push(r.serverMs);
          done++;
        }
      }),
    );
    const elapsed = ms(t0) / 1000;
    return { requestsPerSecond: Math.round(done / elapsed), requests: done, errors, latencyMs: stats(lat), serverMs: stats(serverLat) };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
