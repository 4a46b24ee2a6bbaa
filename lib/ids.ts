// EC2-style resource ids: prefix + 17 lowercase hex digits (the modern long form;
// the 8-digit form of 2008 is still accepted on input).
import crypto from "node:crypto";

export type IdPrefix = "i" | "r" | "ami" | "sg" | "sgr" | "key" | "eipalloc" | "eipassoc" | "instance-event" | "vpc" | "subnet" | "eni" | "vol" | "lt";

export function newId(prefix: IdPrefix): string {
  return `${prefix}-${crypto.randomBytes(9).toString("hex").slice(0, 17)}`;
}

const idPatterns = new Map<IdPrefix, RegExp>();

export function isId(prefix: IdPrefix, value: string): boolean {
  let re = idPatterns.get(prefix);
  if (!re) idPatterns.set(prefix, (re = new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`)));
  return re.test(value);
}

export const newUuid = () => crypto.randomUUID();

/** A team's 12-digit AWS-style account id (stable, derived from its id). */
const accountIds = new Map<string, string>();
export function accountIdOf(teamId: string): string {
  let id = accountIds.get(teamId);
  if (id === undefined) {
    const n = BigInt("0x" + crypto.createHash("sha256").update(teamId).digest("hex").slice(0, 15));
    id = (n % 10n ** 12n).toString().padStart(12, "0");
    if (accountIds.size < 10_000) accountIds.set(teamId, id);
  }
  return id;
}
