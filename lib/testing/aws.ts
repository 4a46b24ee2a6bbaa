// Signing AWS requests in tests, as the SDK signs them (@smithy/signature-v4).
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import { Hash } from "@smithy/hash-node";

export interface SignOptions {
  key: { id: string; secret: string };
  service?: string;
  region?: string;
  target?: string;
  contentType?: string;
  date?: Date;
  host?: string;
  /** Extra headers, signed with the rest. */
  headers?: Record<string, string>;
}

/** Lower-case headers of a signed POST to /api/aws with this body. */
export async function signedHeaders(body: string, o: SignOptions): Promise<Record<string, string>> {
  const signer = new SignatureV4({ credentials: { accessKeyId: o.key.id, secretAccessKey: o.key.secret }, region: o.region ?? "us-east-1", service: o.service ?? "ec2", sha256: Hash.bind(null, "sha256") });
  const headers: Record<string, string> = { host: o.host ?? "localhost:3000", "content-type": o.contentType ?? (o.target ? "application/x-amz-json-1.1" : "application/x-www-form-urlencoded; charset=utf-8"), ...o.headers };
  if (o.target) headers["x-amz-target"] = o.target;
  const [hostname, port] = headers.host.split(":");
  const req = await signer.sign(new HttpRequest({ method: "POST", protocol: "http:", hostname, port: port ? Number(port) : undefined, path: "/api/aws", headers, body }), { signingDate: o.date ?? new Date() });
  return Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

/** An EC2 Query body from parameters (Version included). */
export const ec2Body = (params: Record<string, string | number>) =>
  new URLSearchParams({ Version: "2016-11-15", ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) }).toString();

export const errorCode = (xml: string) => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
