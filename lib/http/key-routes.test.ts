// The routes that take an access key, three places that must agree: the route
// files (they authenticate with withRequestCtx or authenticate), the access-key
// e2e spec's list (e2e/key-routes.ts), and the README's list.
import { describe, it, expect } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { KEY_ROUTES } from "../../e2e/key-routes";
import { keyScheme } from "./key-auth";

const root = path.resolve(import.meta.dirname, "../..");

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(p) : e.name === "route.ts" ? [p] : [];
  });
}

const takesKeys = routeFiles(path.join(root, "app/api"))
  .filter((f) => /\b(withRequestCtx|authenticate)\(/.test(fs.readFileSync(f, "utf8")))
  .map((f) => "/" + path.relative(path.join(root, "app"), path.dirname(f)).split(path.sep).join("/"))
  .sort();

describe("routes that take an access key", () => {
  it("are each requested by the access-key spec, and the spec names no other", () => {
    expect(takesKeys.length).toBeGreaterThanOrEqual(10);
    expect(KEY_ROUTES.map((r) => r.route).sort()).toEqual(takesKeys);
  });

  it("are each listed in the README", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const documented = (p: string) => p.replace(/\[\[\.\.\.path\]\]/, "…").replace(/\[id\]/g, "{id}");
    for (const r of takesKeys) expect(readme, r).toContain(`\`GET ${documented(r)}`);
  });
});

describe("keyScheme", () => {
  it("knows HTTP Basic and SigV4 and nothing else", () => {
    expect(keyScheme("Basic QUtJQTp4")).toBe("basic");
    expect(keyScheme("basic QUtJQTp4")).toBe("basic");
    expect(keyScheme("AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00")).toBe("sigv4");
    for (const h of [null, undefined, "", "Bearer x", "Basically", "AWS4-HMAC-SHA256", "aws4-hmac-sha256 x"]) expect(keyScheme(h)).toBeNull();
  });
});
