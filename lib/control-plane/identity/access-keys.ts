// Access keys for the AWS-compatible API: an AKIA-style id (20 characters)
// and a 40-character secret, shown once and stored only sealed with the
// server key. A key acts as its user, in its team, with the user's role there.
import crypto from "node:crypto";
import { z } from "zod";
import { defineVerb } from "../verb";
import { accessKeyDescription } from "./schemas";
import { notifyAccessKeys } from "../../events";
import { ServiceError } from "../../errors";
import { seal, open } from "../../auth/secret-box";
import { allows } from "../../auth/roles";
import type { Ctx, TxCtx } from "../context";
import type { Db } from "../../db";
import { housekeeping } from "../audit";

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function pick(alphabet: string, n: number): string {
  const bytes = crypto.randomBytes(n);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

export const newAccessKeyId = () => `AKIA${pick(B32, 16)}`;
export const newSecretAccessKey = () => pick(B64, 40);
export const MAX_KEYS_PER_USER = 5;

/** Whose keys a call may touch: one's own, or (admins, the CLI) any member's. */
async function subject(ctx: Ctx | TxCtx, userId: string | undefined): Promise<string> {
  const own = ctx.actor.kind === "user" ? ctx.actor.id : undefined;
  const target = userId ?? own;
  if (!target) throw new ServiceError("MissingParameter", "Name the user whose keys these are.", "userId");
  if (target !== own && !allows(ctx.role, "members.write")) throw new ServiceError("UnauthorizedOperation", "Only admins can manage other members' access keys.");
  const m = await ctx.db.membership.findUnique({ where: { userId_teamId: { userId: target, teamId: ctx.team.id } } });
  if (!m) throw new ServiceError("ResourceNotFound", "That person is not a member of this team.", "userId");
  return target;
}

export function accessKeyView(k: { id: string; status: string; description: string; createdAt: Date; lastUsedAt: Date | null; userId: string }) {
  return { accessKeyId: k.id, status: k.status, description: k.description, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null, userId: k.userId };
}

export const createAccessKey = defineVerb({
  kind: "write",
  name: "CreateAccessKey",
  permission: "self.manage",
  input: z.object({
    userId: z.string().optional(),
    description: accessKeyDescription,
    /** Only for the bootstrap admin's key from the environment. */
    preset: z.object({ accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, "Access key ids are 16 to 128 capital letters and digits."), secretAccessKey: z.string().min(16).max(128) }).optional(),
  }),
  async run({ ctx, input, audit }) {
    const userId = await subject(ctx, input.userId);
    const count = await ctx.db.accessKey.count({ where: { userId, teamId: ctx.team.id } });
    if (count >= MAX_KEYS_PER_USER) throw new ServiceError("InvalidParameterValue", `A member can have at most ${MAX_KEYS_PER_USER} access keys in a team; delete one first.`);
    if (input.preset && ctx.actor.kind === "user") throw new ServiceError("UnauthorizedOperation", "Access keys are generated; they can't be chosen.");
    const accessKeyId = input.preset?.accessKeyId ?? newAccessKeyId();
    const secretAccessKey = input.preset?.secretAccessKey ?? newSecretAccessKey();
    if (await ctx.db.accessKey.findUnique({ where: { id: accessKeyId } })) throw new ServiceError("InvalidParameterValue", `The access key ${accessKeyId} exists already.`);
    const row = await ctx.db.accessKey.create({ data: { id: accessKeyId, userId, teamId: ctx.team.id, secretEnc: seal(secretAccessKey), description: input.description, createdAt: ctx.clock.now() } });
    audit.targets(accessKeyId, userId);
    return { ...accessKeyView(row), secretAccessKey };
  },
  after: () => notifyAccessKeys(),
});

export const listAccessKeys = defineVerb({
  kind: "read",
  name: "ListAccessKeys",
  permission: "self.manage",
  input: z.object({ userId: z.string().optional() }),
  async run({ ctx, input }) {
    const userId = await subject(ctx, input.userId);
    const rows = await ctx.db.accessKey.findMany({ where: { userId, teamId: ctx.team.id }, orderBy: { createdAt: "asc" } });
    return rows.map(accessKeyView);
  },
});

async function ownedKey(ctx: TxCtx, accessKeyId: string) {
  const key = await ctx.db.accessKey.findFirst({ where: { id: accessKeyId, teamId: ctx.team.id } });
  if (!key) throw new ServiceError("ResourceNotFound", `The access key ${accessKeyId} does not exist.`, "accessKeyId");
  await subject(ctx, key.userId);
  return key;
}

export const setAccessKeyStatus = defineVerb({
  kind: "write",
  name: "UpdateAccessKey",
  permission: "self.manage",
  input: z.object({ accessKeyId: z.string().min(1), status: z.enum(["Active", "Inactive"]) }),
  failureTargets: (i) => [i.accessKeyId],
  async run({ ctx, input, audit }) {
    const key = await ownedKey(ctx, input.accessKeyId);
    const row = await ctx.db.accessKey.update({ where: { id: key.id }, data: { status: input.status } });
    audit.targets(key.id);
    audit.detail(`${key.status} → ${input.status}`);
    return accessKeyView(row);
  },
  after: () => notifyAccessKeys(),
});

export const deleteAccessKey = defineVerb({
  kind: "write",
  name: "DeleteAccessKey",
  permission: "self.manage",
  input: z.object({ accessKeyId: z.string().min(1) }),
  failureTargets: (i) => [i.accessKeyId],
  async run({ ctx, input, audit }) {
    const key = await ownedKey(ctx, input.accessKeyId);
    await ctx.db.accessKey.delete({ where: { id: key.id } });
    audit.targets(key.id);
    return { accessKeyId: key.id };
  },
  after: () => notifyAccessKeys(),
});

/** For request signing: the key's secret and whom it acts as, or null. */
export async function resolveAccessKey(db: Db, accessKeyId: string) {
  const key = await db.accessKey.findUnique({ where: { id: accessKeyId } });
  if (!key) return null;
  const m = await db.membership.findUnique({
    where: { userId_teamId: { userId: key.userId, teamId: key.teamId } },
    include: { user: { select: { id: true, email: true } }, team: { select: { id: true, name: true } } },
  });
  if (!m) return { key, active: false as const };
  let secret: string;
  try {
    secret = open(key.secretEnc);
  } catch {
    // Sealed under another server key (STRATUS_SECRET_KEY changed): the key can't be used.
    return { key, active: false as const };
  }
  return { key, active: key.status === "Active", secret, user: m.user, team: m.team, role: m.role };
}

/**
 * A request signed with the key was verified: its last use, at most once a
 * minute per key (to keep signing cheap). Never before the signature holds,
 * so a forged request can't touch it.
 */
export async function recordKeyUse(db: Db, key: { id: string; lastUsedAt: Date | null }, at = new Date()): Promise<void> {
  if (key.lastUsedAt && at.getTime() - key.lastUsedAt.getTime() <= 60_000) return;
  key.lastUsedAt = at;
  await housekeeping(db, (tx) => tx.accessKey.updateMany({ where: { id: key.id }, data: { lastUsedAt: at } }));
}
