import { describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { guardServerAction, ACTION_BODY_LIMIT } from "./request-guards.mjs";

// A server that answers 200 "next" for whatever the guard lets through.
async function withServer(fn: (url: string) => Promise<void>) {
  const server = http.createServer((req, res) => {
    if (guardServerAction(req, res)) return;
    req.resume();
    req.on("end", () => res.end("next"));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.close();
  }
}

const action = { "next-action": "7f00", "content-type": "text/plain;charset=UTF-8" };

describe("server action guards", () => {
  it("refuses another origin with a 403, lets its own origin (and no origin) through", async () => {
    await withServer(async (url) => {
      const host = new URL(url).host;
      const evil = await fetch(url + "/instances", { method: "POST", headers: { ...action, origin: "http://evil.example" }, body: "[]" });
      expect([evil.status, await evil.text()]).toEqual([403, expect.stringContaining("another site")]);
      const garbage = await fetch(url + "/instances", { method: "POST", headers: { ...action, origin: "null" }, body: "[]" });
      expect(garbage.status).toBe(403);
      const own = await fetch(url + "/instances", { method: "POST", headers: { ...action, origin: `http://${host}` }, body: "[]" });
      expect([own.status, await own.text()]).toEqual([200, "next"]);
      const plainPost = await fetch(url + "/instances", { method: "POST", headers: { origin: "http://evil.example" }, body: "x" });
      expect(plainPost.status).toBe(200); // not a server action: Next and the handler decide
    });
  });

  it("refuses a body over the limit with a 413, and an undeclared length with a 411", async () => {
    await withServer(async (url) => {
      const big = await fetch(url + "/x", { method: "POST", headers: action, body: "a".repeat(ACTION_BODY_LIMIT + 1) });
      expect(big.status).toBe(413);
      const fits = await fetch(url + "/x", { method: "POST", headers: action, body: "a".repeat(1000) });
      expect(fits.status).toBe(200);
      const chunked = await new Promise<number>((resolve, reject) => {
        const r = http.request(url + "/x", { method: "POST", headers: { ...action, "transfer-encoding": "chunked" } }, (res) => resolve(res.statusCode ?? 0));
        r.on("error", reject);
        r.write("a".repeat(100));
        r.end();
      });
      expect(chunked).toBe(411);
    });
  });
});
