// OpenSSH keys over sshpk: parsing what people paste (and saying what is
// wrong with it), fingerprints as ssh-keygen prints them, and generation.
import crypto from "node:crypto";
import { promisify } from "node:util";
import sshpk from "sshpk";
import { toPpk } from "./ppk";

export interface ParsedKey {
  type: "ed25519" | "rsa" | "ecdsa";
  bits: number;
  /** "ssh-ed25519 AAAA…" without a comment */
  publicKey: string;
  comment: string;
  sha256: string;
  md5: string;
  /** The fingerprint EC2 shows for this key when imported (RSA: MD5; ED25519: padded base64 SHA-256). */
  awsFingerprint: string;
}

export type ParseResult = { ok: true; key: ParsedKey } | { ok: false; code: "InvalidKey.Format" | "InvalidParameterValue"; message: string; isPrivate?: boolean };

const PRIVATE = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----|PuTTY-User-Key-File|^-----BEGIN OPENSSH PRIVATE KEY/m;

export function fingerprints(key: sshpk.Key): { sha256: string; md5: string } {
  return { sha256: key.fingerprint("sha256").toString(), md5: key.fingerprint("md5").toString() };
}

/** EC2's fingerprint of an imported key: MD5 (colon hex) for RSA, unprefixed padded base64 SHA-256 for ED25519. */
export function importedFingerprint(key: sshpk.Key): string {
  if (key.type === "ed25519") return crypto.createHash("sha256").update(key.toBuffer("rfc4253")).digest("base64");
  return key.fingerprint("md5").toString();
}

function describe(key: sshpk.Key, comment: string): ParsedKey {
  const ssh = key.toString("ssh").split(" ").slice(0, 2).join(" ");
  return { type: key.type as ParsedKey["type"], bits: key.size, publicKey: ssh, comment, ...fingerprints(key), awsFingerprint: importedFingerprint(key) };
}

/** An OpenSSH public key line: ssh-ed25519, ssh-rsa (≥ 2048 bits) or ecdsa-sha2-nistp256/384/521 (parsed, for fingerprints; EC2 imports only the first two). */
export function parsePublicKey(text: string): ParseResult {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, code: "InvalidKey.Format", message: "Paste a public key: one line starting with ssh-ed25519 or ssh-rsa." };
  if (PRIVATE.test(trimmed))
    return {
      ok: false,
      isPrivate: true,
      code: "InvalidKey.Format",
      message: "That is a private key, which must never leave your machine. Paste the public key instead (the .pub file: one line starting with ssh-ed25519 or ssh-rsa). Nothing was stored.",
    };
  const lines = trimmed.split(/\r?\n/).filter((l) => l.trim());
  if (lines.length > 1 && !trimmed.startsWith("---- BEGIN SSH2 PUBLIC KEY"))
    return { ok: false, code: "InvalidKey.Format", message: "Paste one key only: a single line starting with ssh-ed25519 or ssh-rsa." };
  const [algo, , ...rest] = lines[0].trim().split(/\s+/);
  if (algo === "ssh-dss") return { ok: false, code: "InvalidKey.Format", message: "DSA keys are not accepted (OpenSSH retired them). Use ssh-ed25519, or RSA of 2048 bits or more." };
  let key: sshpk.Key;
  try {
    key = sshpk.parseKey(trimmed, trimmed.startsWith("---- BEGIN SSH2") ? "rfc4253" : "ssh");
  } catch {
    return { ok: false, code: "InvalidKey.Format", message: "That is not a valid OpenSSH public key: it may be truncated or mangled. Copy the whole line of the .pub file, from ssh-… to the end." };
  }
  if (!["ed25519", "rsa", "ecdsa"].includes(key.type)) return { ok: false, code: "InvalidKey.Format", message: `${key.type} keys are not accepted: use ssh-ed25519 or ssh-rsa.` };
  if (key.type === "rsa" && key.size < 2048)
    return { ok: false, code: "InvalidParameterValue", message: `That RSA key is ${key.size} bits: RSA keys must be at least 2048 bits. Generate a new one (ssh-keygen -t ed25519, or -t rsa -b 4096).` };
  return { ok: true, key: describe(key, rest.join(" ")) };
}

export interface GeneratedKey extends ParsedKey {
  privateKey: string;
}

const generate = promisify(crypto.generateKeyPair);

/**
 * A new key pair, the private key as EC2's CreateKeyPair returns it: "pem" is
 * PKCS#1 PEM for RSA and the OpenSSH format for ED25519; "ppk" is PuTTY's. EC2
 * fingerprints a key it made by the SHA-1 of the PKCS#8 private key (RSA), or
 * the base64 SHA-256 of the public key (ED25519). Generated off the event loop
 * (an RSA key takes tens of milliseconds).
 */
export async function generateKeyPair(type: "ed25519" | "rsa", bits: 2048 | 4096 = 2048, comment = "", format: "pem" | "ppk" = "pem"): Promise<GeneratedKey> {
  const pair = type === "ed25519" ? await generate("ed25519") : await generate("rsa", { modulusLength: bits });
  const pkcs8 = pair.privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  const priv = sshpk.parsePrivateKey(pkcs8, "pem");
  priv.comment = comment;
  const pub = priv.toPublic();
  const parsed = describe(pub, comment);
  const awsFingerprint =
    type === "rsa"
      ? crypto.createHash("sha1").update(pair.privateKey.export({ type: "pkcs8", format: "der" })).digest("hex").match(/../g)!.join(":")
      : parsed.awsFingerprint;
  const privateKey =
    format === "ppk"
      ? toPpk(pair.privateKey, pub.toBuffer("rfc4253"), comment)
      : type === "rsa"
        ? (pair.privateKey.export({ type: "pkcs1", format: "pem" }) as string)
        : priv.toString("openssh");
  return { ...parsed, awsFingerprint, privateKey };
}
