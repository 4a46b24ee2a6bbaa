// Where a request comes from. X-Forwarded-For is believed only from the
// proxies named in STRATUS_TRUSTED_PROXIES (addresses or CIDRs, comma-separated;
// "loopback", "linklocal" and "uniquelocal" name those ranges): the address is
// the first one, walking back from the peer, that is not a trusted proxy
// (proxy-addr, as Express does it). From anyone else the forwarding headers
// are dropped, so no client can choose the address the sign-in limiter counts
// and the audit log shows. server.mjs stamps the result on every request.
import proxyaddr from "proxy-addr";

export const CLIENT_IP_HEADER = "x-stratus-client-ip";
const FORWARDING = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

/** The trust function for STRATUS_TRUSTED_PROXIES; throws, naming the variable, on a malformed entry. */
export function trustedProxies(raw = process.env.STRATUS_TRUSTED_PROXIES ?? "") {
  const list = raw.split(",").map((s) => s.trim()).filter(Boolean);
  try {
    return proxyaddr.compile(list);
  } catch (e) {
    throw new Error(`STRATUS_TRUSTED_PROXIES: ${e instanceof Error ? e.message : String(e)} (expected addresses or CIDRs, comma-separated)`);
  }
}

const plain = (ip) => (ip?.startsWith("::ffff:") && ip.includes(".") ? ip.slice(7) : (ip ?? ""));

/** The client's address: the peer, or what trusted proxies forwarded for it. */
export function clientAddress(req, trust) {
  return plain(proxyaddr(req, trust));
}

/** Replaces whatever the client sent with the address Stratus believes; forwarding headers survive only from a trusted proxy. */
export function stampClientAddress(req, trust) {
  const address = clientAddress(req, trust);
  if (!trust(req.socket?.remoteAddress ?? "", 0)) for (const h of FORWARDING) delete req.headers[h];
  req.headers[CLIENT_IP_HEADER] = address;
  return address;
}
