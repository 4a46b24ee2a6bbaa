// Refusals Next.js would answer with a 500 (it throws, and renders the error
// for a server action), answered here first, before Next reads the request:
//   - a server action from another origin (the CSRF check Next does, with
//     x-forwarded-host believed only from a trusted proxy: see
//     client-address.mjs) → 403;
//   - a server action whose body is over Next's 1 MB limit → 413; one with no
//     declared length → 411 (a browser's fetch always declares it, and a body
//     read here to count it would be gone before Next reads it).
export const ACTION_BODY_LIMIT = 1024 * 1024;

function refuse(req, res, status, message) {
  if (!res.headersSent) {
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", connection: "close" });
    res.end(message);
  }
  req.resume();
  req.on("end", () => req.destroy());
  setTimeout(() => req.destroy(), 1000).unref();
}

/** True when the request was refused (the response is sent). */
export function guardServerAction(req, res, limit = ACTION_BODY_LIMIT) {
  if (req.method !== "POST" || req.headers["next-action"] === undefined) return false;
  const origin = req.headers.origin;
  if (origin) {
    let originHost = "";
    try {
      originHost = new URL(origin).host;
    } catch {
      /* not a URL: refused below */
    }
    const host = req.headers["x-forwarded-host"] ?? req.headers.host ?? "";
    if (!originHost || originHost !== host) {
      refuse(req, res, 403, "Refused: this action came from another site. Use the Stratus console itself.\n");
      return true;
    }
  }
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) {
    refuse(req, res, 413, `Refused: the request is over ${limit / 1024 / 1024} MB.\n`);
    return true;
  }
  if (req.headers["content-length"] === undefined && req.headers["transfer-encoding"] !== undefined) {
    refuse(req, res, 411, "Refused: send the request with a Content-Length.\n");
    return true;
  }
  return false;
}
