// Key pairs as EC2 computes and returns them: fingerprints of created and
// imported keys, PKCS#1 PEM for a created RSA key, OpenSSH for ED25519, and
// PuTTY's PPK (checked with puttygen where it is installed, and always by
// parsing it back and recomputing its MAC).
import { describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sshpk from "sshpk";
import { generateKeyPair, parsePublicKey } from "./keys";

const has = (cmd: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

describe("fingerprints as EC2 shows them", () => {
  it("a created RSA key: SHA-1 of its PKCS#8 DER, colon hex (what `openssl pkcs8 -topk8 -outform DER | openssl sha1 -c` prints)", async () => {
    const k = await generateKeyPair("rsa", 2048, "made", "pem");
    expect(k.privateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    const der = crypto.createPrivateKey(k.privateKey).export({ type: "pkcs8", format: "der" });
    const sha1 = crypto.createHash("sha1").update(der).digest("hex").match(/../g)!.join(":");
    expect(k.awsFingerprint).toBe(sha1);
    expect(k.awsFingerprint).toMatch(/^([0-9a-f]{2}:){19}[0-9a-f]{2}$/);
  });

  it("an imported RSA key: MD5 of the public key, colon hex (ssh-keygen -E md5)", async () => {
    const made = await generateKeyPair("rsa", 2048, "x");
    const parsed = parsePublicKey(`${made.publicKey} me@laptop`);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.key.awsFingerprint).toBe(made.md5);
    expect(parsed.key.awsFingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    // The same key, created vs imported, has different EC2 fingerprints, as in EC2.
    expect(parsed.key.awsFingerprint).not.toBe(made.awsFingerprint);
  });

  it("ED25519, created or imported: padded base64 SHA-256 of the public key (ssh-keygen's without 'SHA256:' and with '=')", async () => {
    const made = await generateKeyPair("ed25519", 2048, "e");
    expect(made.privateKey).toContain("-----BEGIN OPENSSH PRIVATE KEY-----");
    expect(made.awsFingerprint).toBe(`${made.sha256.replace(/^SHA256:/, "")}=`);
    expect(made.awsFingerprint).toHaveLength(44);
    const parsed = parsePublicKey(made.publicKey);
    expect(parsed.ok && parsed.key.awsFingerprint).toBe(made.awsFingerprint);
  });
});

describe("PPK output", () => {
  for (const type of ["rsa", "ed25519"] as const)
    it(`${type}: a PuTTY v2 file whose MAC checks out and whose key is the pair's`, async () => {
      const k = await generateKeyPair(type, 2048, "my-key", "ppk");
      const lines = k.privateKey.split("\n");
      expect(lines[0]).toBe(`PuTTY-User-Key-File-2: ${type === "rsa" ? "ssh-rsa" : "ssh-ed25519"}`);
      expect(lines.slice(1, 3)).toEqual(["Encryption: none", "Comment: my-key"]);
      const priv = sshpk.parsePrivateKey(k.privateKey, "putty" as "auto");
      expect(priv.toPublic().toString("ssh").split(" ").slice(0, 2).join(" ")).toBe(k.publicKey);
      // Recompute the MAC over the fields, as PuTTY does when it loads the file.
      const pubLines = Number(lines[3].split(": ")[1]);
      const pub = Buffer.from(lines.slice(4, 4 + pubLines).join(""), "base64");
      const privLines = Number(lines[4 + pubLines].split(": ")[1]);
      const prv = Buffer.from(lines.slice(5 + pubLines, 5 + pubLines + privLines).join(""), "base64");
      const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => (b.length >>> (8 * (3 - i))) & 255)), b]);
      const data = Buffer.concat([str(Buffer.from(lines[0].split(": ")[1])), str(Buffer.from("none")), str(Buffer.from("my-key")), str(pub), str(prv)]);
      const mac = crypto.createHmac("sha1", crypto.createHash("sha1").update("putty-private-key-file-mac-key").digest()).update(data).digest("hex");
      expect(lines[5 + pubLines + privLines]).toBe(`Private-MAC: ${mac}`);
    });

  it.runIf(has("puttygen"))("puttygen loads it and converts it to the same OpenSSH public key", async () => {
    for (const type of ["rsa", "ed25519"] as const) {
      const k = await generateKeyPair(type, 2048, "pk", "ppk");
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-ppk-"));
      fs.writeFileSync(path.join(dir, "k.ppk"), k.privateKey);
      const pub = execFileSync("puttygen", [path.join(dir, "k.ppk"), "-O", "public-openssh"]).toString().trim();
      fs.rmSync(dir, { recursive: true });
      expect(pub.split(" ").slice(0, 2).join(" ")).toBe(k.publicKey);
    }
  });
});
