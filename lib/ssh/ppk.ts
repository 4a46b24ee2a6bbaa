// PuTTY's private key file, version 2 unencrypted (what EC2's CreateKeyPair
// returns for KeyFormat=ppk, and what every PuTTY since 0.52 reads), with LF
// line ends (an XML response would turn CR LF into LF anyway). sshpk writes
// only public PuTTY keys, so the private part and its MAC are here:
// https://tartarus.org/~simon/putty-snapshots/htmldoc/AppendixC.html
import crypto from "node:crypto";

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const sshString = (b: Buffer) => Buffer.concat([u32(b.length), b]);

/** An SSH mpint: big-endian, with a leading zero when the top bit is set. */
function mpint(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const trimmed = b.subarray(i);
  return sshString(trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

const b64url = (s: string) => Buffer.from(s, "base64url");

function wrap(b64: string): string[] {
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return lines;
}

/** The private key as a PPK v2 file, with its public blob (RFC 4253) given. */
export function toPpk(privateKey: crypto.KeyObject, publicBlob: Buffer, comment: string): string {
  const jwk = privateKey.export({ format: "jwk" });
  let alg: string;
  let priv: Buffer;
  if (jwk.kty === "RSA") {
    alg = "ssh-rsa";
    priv = Buffer.concat([mpint(b64url(jwk.d!)), mpint(b64url(jwk.p!)), mpint(b64url(jwk.q!)), mpint(b64url(jwk.qi!))]);
  } else if (jwk.kty === "OKP" && jwk.crv === "Ed25519") {
    alg = "ssh-ed25519";
    priv = sshString(b64url(jwk.d!));
  } else throw new Error(`PPK output is for RSA and ED25519 keys, not ${jwk.kty}`);
  const encryption = "none";
  const macKey = crypto.createHash("sha1").update("putty-private-key-file-mac-key").digest();
  const macData = Buffer.concat([alg, encryption, comment].map((s) => sshString(Buffer.from(s, "utf8"))).concat([sshString(publicBlob), sshString(priv)]));
  const mac = crypto.createHmac("sha1", macKey).update(macData).digest("hex");
  const pub = wrap(publicBlob.toString("base64"));
  const prv = wrap(priv.toString("base64"));
  return [`PuTTY-User-Key-File-2: ${alg}`, `Encryption: ${encryption}`, `Comment: ${comment}`, `Public-Lines: ${pub.length}`, ...pub, `Private-Lines: ${prv.length}`, ...prv, `Private-MAC: ${mac}`, ""].join("\n");
}
