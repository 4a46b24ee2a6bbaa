// Encrypts access-key secrets at rest with the server key (AES-256-GCM).
// The key comes from STRATUS_SECRET_KEY, or is generated once into the data
// directory (mode 0600). SigV4 needs the secret itself, so it is encrypted,
// not hashed.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "../config";

let cached: Buffer | null = null;

export function serverKey(): Buffer {
  if (cached) return cached;
  const given = process.env.STRATUS_SECRET_KEY;
  if (given) return (cached = crypto.createHash("sha256").update(given).digest());
  const file = path.join(dataDir(), "secret.key");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
    } catch {
      /* another process wrote it first */
    }
  }
  return (cached = crypto.createHash("sha256").update(fs.readFileSync(file, "utf8").trim()).digest());
}

export function seal(plain: string, key = serverKey()): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([c.update(plain, "utf8"), c.final()]);
  return `v1:${Buffer.concat([iv, c.getAuthTag(), body]).toString("base64")}`;
}

export function open(sealed: string, key = serverKey()): string {
  if (!sealed.startsWith("v1:")) throw new Error("unknown secret format");
  const raw = Buffer.from(sealed.slice(3), "base64");
  const d = crypto.createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString("utf8");
}

/** For tests: forget the cached key. */
export function resetServerKey(): void {
  cached = null;
}
