// What Stratus answers while `npm start` builds the console: a page that says
// so and reloads itself, /api/health as 503 "building", and 503s that clients
// retry (the AWS CLI and SDKs do) for the API when nothing serves it yet.
const RETRY_SECONDS = 5;

const page = (apiServed) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_SECONDS}">
<title>Stratus is starting</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#18181b}code{background:#f4f4f5;padding:0 .25rem}</style>
</head>
<body>
<main>
<h1>Stratus is starting</h1>
<p role="status">The console is being built (first start, or its sources changed). This page reloads by itself every ${RETRY_SECONDS} seconds.</p>
<p>${apiServed ? "Meanwhile the AWS API answers at <code>/api/aws</code>." : "The API answers as soon as the server is up."}</p>
</main>
</body>
</html>
`;

/**
 * Answers one request while the console builds.
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {{ apiServed: boolean }} state whether /api/aws is served meanwhile (by the caller)
 */
export function answerWhileBuilding(req, res, { apiServed }) {
  const url = req.url ?? "/";
  const headers = { "retry-after": String(RETRY_SECONDS), "cache-control": "no-store" };
  const message = "The console is being built (first start, or its sources changed); try again in a moment.";
  req.resume();
  if (url === "/api/health" || url.startsWith("/api/health?")) {
    res.writeHead(503, { ...headers, "content-type": "application/json" });
    return res.end(JSON.stringify({ status: "building", console: "building", api: apiServed ? "ok" : "starting" }));
  }
  if (url === "/api/aws" || url.startsWith("/api/aws?") || url.startsWith("/api/aws/")) {
    res.writeHead(503, { ...headers, "content-type": "text/xml;charset=UTF-8" });
    return res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>ServiceUnavailable</Code><Message>${message}</Message></Error></Errors><RequestID>00000000-0000-0000-0000-000000000000</RequestID></Response>`);
  }
  if (url.startsWith("/api/")) {
    res.writeHead(503, { ...headers, "content-type": "application/json" });
    return res.end(JSON.stringify({ error: { code: "ServiceUnavailable", message } }));
  }
  res.writeHead(503, { ...headers, "content-type": "text/html; charset=utf-8" });
  res.end(req.method === "HEAD" ? undefined : page(apiServed));
}
