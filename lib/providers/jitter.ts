// A stable number in [0, 1) from an id and a salt: the sim's randomness.
import crypto from "node:crypto";

export function jitter(id: string, salt: string | number): number {
  return crypto.createHash("sha256").update(`${id}:${salt}`).digest().readUInt32BE(0) / 2 ** 32;
}
