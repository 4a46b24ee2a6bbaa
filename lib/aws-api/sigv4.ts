// AWS Signature Version 4, verified with @smithy/signature-v4 (the SDK's own
// signer): the request is rebuilt with exactly the headers the client signed,
// signed again with the key's secret, and the signatures compared.
import crypto from "node:crypto";
import { SignatureV4, getCanonicalHeaders } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import { Hash } from "@smithy/hash-node";
import { bare } from "../own";
import { REGIONS, SERVICES } from "./regions";

export interface SignedRequest {
  method: string;
  /** path as sent, e.g. /api/aws */
  path: string;
  /** raw query string without "?" */
  query: string;
  /** lower-case header names */
  headers: Record<string, string>;
  body: Buffer;
}

export interface ParsedAuth {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
}

export type AuthProblem = { code: "AuthFailure" | "SignatureDoesNotMatch" | "RequestExpired" | "MissingAuthenticationToken" | "IncompleteSignature"; message: string; status: number };

export const MAX_SKEW_MS = 15 * 60_000;

/** The Authorization header's parts, or what is wrong with it. */
export function parseAuthorization(headers: Record<string, string>): ParsedAuth | AuthProblem {
  const auth = headers["authorization"];
  if (!auth) return { code: "MissingAuthenticationToken", message: "The request must be signed with an access key (AWS Signature Version 4).", status: 401 };
  const m = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/.exec(auth);
  if (!m) return { code: "IncompleteSignature", message: "The Authorization header is not a complete AWS4-HMAC-SHA256 signature.", status: 400 };
  // The scope exactly: KEY/YYYYMMDD/REGION/SERVICE/aws4_request, nothing more or less.
  const parts = m[1].split("/");
  const [accessKeyId, date, region, service, term] = parts;
  if (parts.length !== 5 || !accessKeyId || !/^\d{8}$/.test(date) || !region || !service || term !== "aws4_request")
    return { code: "IncompleteSignature", message: "The credential scope must be exactly KEY/YYYYMMDD/REGION/SERVICE/aws4_request.", status: 400 };
  if (!SERVICES.includes(service)) return { code: "AuthFailure", message: `Credential should be scoped to correct service: ${SERVICES.map((s) => `'${s}'`).join(" or ")}, not '${service.slice(0, 64)}'.`, status: 401 };
  if (!REGIONS.includes(region)) return { code: "AuthFailure", message: `Credential should be scoped to a valid region, not '${region.slice(0, 64)}'. This endpoint serves ${REGIONS.join(", ")}.`, status: 401 };
  const amzDate = headers["x-amz-date"];
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate)) return { code: "IncompleteSignature", message: "Signed requests need an X-Amz-Date header (YYYYMMDDTHHMMSSZ).", status: 400 };
  return { accessKeyId, date, region, service, signedHeaders: m[2].split(";"), signature: m[3], amzDate };
}

export function amzDateToMs(amzDate: string): number {
  return Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
}

function parseQuery(q: string): Record<string, string | string[]> {
  const out = bare<string | string[]>();
  for (const [k, v] of new URLSearchParams(q)) {
    const cur = out[k];
    out[k] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
  }
  return out;
}

// The canonical request is built by the SDK's own signer (createCanonicalRequest:
// path normalisation and escaping, the canonical query, header lines), so it
// matches what clients sign; the hashing around it is done here, with the
// day's signing key kept per secret, region and service. (Signing the whole
// request again through SignatureV4.sign cost a sixth of a DescribeInstances.)
class Canonicalizer extends SignatureV4 {
  canonicalRequest(request: HttpRequest, headers: Record<string, string>, payloadHash: string): string {
    return this.createCanonicalRequest(request, headers, payloadHash);
  }
}
const canonicalizer = new Canonicalizer({ credentials: { accessKeyId: "-", secretAccessKey: "-" }, region: "-", service: "-", sha256: Hash.bind(null, "sha256"), uriEscapePath: true, applyChecksum: false });

const signingKeys = new Map<string, Buffer>();
function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const id = `${secret}\n${date}\n${region}\n${service}`;
  let key = signingKeys.get(id);
  if (!key) {
    if (signingKeys.size >= 1000) signingKeys.clear();
    key = [date, region, service, "aws4_request"].reduce<Buffer>((k, part) => crypto.createHmac("sha256", k).update(part).digest(), Buffer.from(`AWS4${secret}`));
    signingKeys.set(id, key);
  }
  return key;
}

/** Checks the signature with the key's secret. Null when it holds. */
export async function verifySignature(req: SignedRequest, auth: ParsedAuth, secret: string, now = Date.now()): Promise<AuthProblem | null> {
  const at = amzDateToMs(auth.amzDate);
  if (Math.abs(now - at) > MAX_SKEW_MS)
    return { code: "RequestExpired", message: `Request has expired: its X-Amz-Date ${auth.amzDate} is more than 15 minutes from the server's time ${new Date(now).toISOString()}.`, status: 400 };
  if (auth.date !== auth.amzDate.slice(0, 8)) return { code: "SignatureDoesNotMatch", message: "The credential date does not match X-Amz-Date.", status: 403 };
  if (!auth.signedHeaders.includes("host")) return { code: "SignatureDoesNotMatch", message: "The host header must be signed.", status: 403 };
  // EC2 and Cost Explorer requests are signed over their body: the hash is the
  // body's own, and a declared X-Amz-Content-Sha256 must be that very hash
  // (UNSIGNED-PAYLOAD and streaming payloads are S3's, not these services').
  const payloadHash = crypto.createHash("sha256").update(req.body).digest("hex");
  const declared = req.headers["x-amz-content-sha256"];
  if (declared !== undefined && declared !== payloadHash)
    return { code: "SignatureDoesNotMatch", message: "The X-Amz-Content-Sha256 header is not the SHA-256 of the body: requests to this service are signed over their body (UNSIGNED-PAYLOAD is not accepted).", status: 403 };
  const headers = bare<string>();
  for (const h of auth.signedHeaders) {
    if (!Object.hasOwn(req.headers, h) || req.headers[h] === undefined) return { code: "SignatureDoesNotMatch", message: `The signed header ${h} is missing from the request.`, status: 403 };
    headers[h] = req.headers[h];
  }
  const rebuilt = new HttpRequest({ method: req.method, protocol: "http:", hostname: (req.headers.host ?? "").split(":")[0], path: req.path, query: parseQuery(req.query), headers, body: req.body });
  const canonicalHeaders = getCanonicalHeaders(rebuilt, new Set(), new Set(auth.signedHeaders));
  const canonical = canonicalizer.canonicalRequest(rebuilt, canonicalHeaders, payloadHash);
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${auth.amzDate}\n${scope}\n${crypto.createHash("sha256").update(canonical).digest("hex")}`;
  const got = crypto.createHmac("sha256", signingKey(secret, auth.date, auth.region, auth.service)).update(stringToSign).digest("hex");
  const a = Buffer.from(got);
  const b = Buffer.from(auth.signature);
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b))
    return { code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.", status: 403 };
  return null;
}
