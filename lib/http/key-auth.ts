// Which Authorization headers carry an access key. Shared by the request proxy
// (whose fast path lets such requests through to /api/* so the route itself
// can check the key) and lib/http/authenticate.ts (which checks it).
export type KeyScheme = "basic" | "sigv4";

export function keyScheme(authorization: string | null | undefined): KeyScheme | null {
  if (!authorization) return null;
  if (/^Basic\s/i.test(authorization)) return "basic";
  if (authorization.startsWith("AWS4-HMAC-SHA256 ")) return "sigv4";
  return null;
}

/** What a route says to a request with neither a session nor an access key. */
export const SIGN_IN_OR_KEY = "Sign in, or pass an access key: curl -u ACCESS_KEY_ID:SECRET_ACCESS_KEY, or a request signed with AWS Signature Version 4.";
