// The instance metadata service: what an instance learns about itself at
// 169.254.169.254, with EC2's paths, listings, 404s and IMDSv2 tokens. Pure
// (answers from an InstanceMeta); adapters serve it to the sim per instance
// and, for real VMs, to the guest itself.
import crypto from "node:crypto";

export interface InstanceMeta {
  instanceId: string;
  imageId: string;
  launchIndex: number;
  instanceType: string;
  architecture: string;
  reservationId: string;
  accountId: string;
  availabilityZone: string;
  region: string;
  localHostname: string;
  localIpv4: string | null;
  publicHostname: string;
  publicIpv4: string | null;
  securityGroups: string[];
  keyName: string | null;
  publicKey: string | null;
  userData: string | null;
  pendingTime: string;
  tokensRequired: boolean;
  /** HttpEndpoint=disabled: the service answers nothing. */
  endpointDisabled?: boolean;
  /** The instance's tags, when InstanceMetadataTags is enabled. */
  tags?: Record<string, string> | null;
}

export interface ImdsResponse {
  status: number;
  body: string | Buffer;
  contentType: string;
  headers?: Record<string, string>;
}

const VERSIONS = ["1.0", "2007-01-19", "2007-03-01", "2007-08-29", "2007-10-10", "2007-12-15", "2008-02-01", "2008-09-01", "latest"];
const text = (body: string, status = 200): ImdsResponse => ({ status, body, contentType: "text/plain" });
const notFound = (): ImdsResponse => ({ status: 404, body: "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<html><head><title>404 - Not Found</title></head><body><h1>404 - Not Found</h1></body></html>\n", contentType: "text/html" });
const unauthorized = (): ImdsResponse => ({ status: 401, body: "", contentType: "text/plain" });

export const TOKEN_TTL_MAX = 21_600;

/** IMDSv2 tokens: HMAC-signed (instance, expiry), nothing stored. */
export function issueToken(instanceId: string, ttlSeconds: number, key: Buffer, now = Date.now()): string {
  const exp = Math.floor(now / 1000) + ttlSeconds;
  const mac = crypto.createHmac("sha256", key).update(`${instanceId}.${exp}`).digest("base64url");
  return Buffer.from(`${exp}.${mac}`).toString("base64url");
}

export function tokenValid(token: string, instanceId: string, key: Buffer, now = Date.now()): boolean {
  let decoded: string;
  try {
    decoded = Buffer.from(token, "base64url").toString("utf8");
  } catch {
    return false;
  }
  const [expText, mac] = decoded.split(".");
  const exp = Number(expText);
  if (!Number.isInteger(exp) || !mac || exp * 1000 < now) return false;
  const want = crypto.createHmac("sha256", key).update(`${instanceId}.${exp}`).digest("base64url");
  return want.length === mac.length && crypto.timingSafeEqual(Buffer.from(want), Buffer.from(mac));
}

/** The meta-data tree: a string is a leaf, an object a listing. */
function tree(m: InstanceMeta): Record<string, unknown> {
  const t: Record<string, unknown> = {
    "ami-id": m.imageId,
    "ami-launch-index": String(m.launchIndex),
    hostname: m.localHostname,
    "instance-id": m.instanceId,
    "instance-type": m.instanceType,
    "local-hostname": m.localHostname,
    "reservation-id": m.reservationId,
    "security-groups": m.securityGroups.join("\n"),
    placement: { "availability-zone": m.availabilityZone, region: m.region },
  };
  if (m.localIpv4) t["local-ipv4"] = m.localIpv4;
  if (m.publicIpv4) {
    t["public-ipv4"] = m.publicIpv4;
    t["public-hostname"] = m.publicHostname;
  }
  if (m.publicKey) t["public-keys"] = { [`0=${m.keyName ?? "key"}`]: { "openssh-key": `${m.publicKey} ${m.keyName ?? ""}`.trim() } };
  if (m.tags) {
    // Keys with "/" (or empty ones) can't be paths: EC2 refuses such keys once tags are in metadata.
    const instance: Record<string, string> = Object.create(null);
    for (const [k, v] of Object.entries(m.tags)) if (k && !k.includes("/") && k !== "." && k !== "..") instance[k] = v;
    t.tags = { instance };
  }
  return t;
}

function listing(node: Record<string, unknown>): string {
  return Object.keys(node)
    .sort()
    .map((k) => (typeof node[k] === "string" ? k : `${k}/`))
    .join("\n");
}

export function identityDocument(m: InstanceMeta) {
  return {
    accountId: m.accountId,
    architecture: m.architecture,
    availabilityZone: m.availabilityZone,
    billingProducts: null,
    devpayProductCodes: null,
    marketplaceProductCodes: null,
    imageId: m.imageId,
    instanceId: m.instanceId,
    instanceType: m.instanceType,
    kernelId: null,
    pendingTime: m.pendingTime,
    privateIp: m.localIpv4,
    ramdiskId: null,
    region: m.region,
    version: "2017-09-30",
  };
}

export interface ImdsRequest {
  method: string;
  /** path after the metadata host, starting with "/" */
  path: string;
  header(name: string): string | null;
}

export function answer(m: InstanceMeta, req: ImdsRequest, key: Buffer, now = Date.now()): ImdsResponse {
  if (m.endpointDisabled) return { status: 403, body: "The instance metadata service is turned off for this instance (HttpEndpoint is disabled).\n", contentType: "text/plain" };
  const path = req.path.replace(/\/{2,}/g, "/");
  if (path === "/latest/api/token") {
    if (req.method !== "PUT") return { status: 405, body: "", contentType: "text/plain", headers: { allow: "PUT" } };
    const ttl = Number(req.header("x-aws-ec2-metadata-token-ttl-seconds"));
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > TOKEN_TTL_MAX) return text("", 400);
    return { status: 200, body: issueToken(m.instanceId, ttl, key, now), contentType: "text/plain", headers: { "x-aws-ec2-metadata-token-ttl-seconds": String(ttl) } };
  }
  if (req.method !== "GET" && req.method !== "HEAD") return { status: 405, body: "", contentType: "text/plain", headers: { allow: "GET, PUT" } };
  const token = req.header("x-aws-ec2-metadata-token");
  if (token !== null && !tokenValid(token, m.instanceId, key, now)) return unauthorized();
  if (token === null && m.tokensRequired) return unauthorized();

  if (path === "/" || path === "") return text(VERSIONS.join("\n"));
  const [, version, ...rest] = path.split("/");
  if (!VERSIONS.includes(version)) return notFound();
  const sub = rest.join("/");
  if (sub === "") return text(["dynamic", "meta-data", ...(m.userData ? ["user-data"] : [])].join("\n"));
  if (sub === "user-data") return m.userData ? { status: 200, body: Buffer.from(m.userData, "base64"), contentType: "application/octet-stream" } : notFound();
  if (sub === "dynamic" || sub === "dynamic/") return text("instance-identity/");
  if (sub === "dynamic/instance-identity" || sub === "dynamic/instance-identity/") return text("document");
  if (sub === "dynamic/instance-identity/document") return { status: 200, body: JSON.stringify(identityDocument(m), null, 2), contentType: "application/json" };
  if (!sub.startsWith("meta-data")) return notFound();
  let node: unknown = tree(m);
  const parts = sub.slice("meta-data".length).split("/").filter(Boolean);
  for (const [i, p] of parts.entries()) {
    if (typeof node !== "object" || node === null) return notFound();
    const obj = node as Record<string, unknown>;
    // public-keys/0/ names the first key by index as well as by "0=name"
    const k = Object.prototype.hasOwnProperty.call(obj, p) ? p : parts[i - 1] === "public-keys" ? Object.keys(obj).find((x) => x.split("=")[0] === p) : undefined;
    if (k === undefined) return notFound();
    node = obj[k];
  }
  if (typeof node === "string") return text(node);
  // EC2 lists public-keys/ as "0=name" and public-keys/0/ as its formats
  return text(listing(node as Record<string, unknown>).replace(/\/$/gm, (s) => (parts[parts.length - 1] === "public-keys" ? "" : s)));
}

/** Every leaf with its value, for the Metadata tab. */
export function flatten(m: InstanceMeta): { path: string; value: string }[] {
  const out: { path: string; value: string }[] = [];
  const walk = (node: Record<string, unknown>, prefix: string) => {
    for (const k of Object.keys(node).sort()) {
      const v = node[k];
      const p = `${prefix}${k.includes("=") && prefix.endsWith("/public-keys/") ? k.split("=")[0] : k}`;
      if (typeof v === "string") out.push({ path: p, value: v });
      else walk(v as Record<string, unknown>, `${p}/`);
    }
  };
  walk(tree(m), "/latest/meta-data/");
  return out;
}
