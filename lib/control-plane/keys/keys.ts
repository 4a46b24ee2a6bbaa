// Key pairs: import an OpenSSH public key, or let Stratus generate one (the
// private key is returned once and never stored).
import { z } from "zod";
import { shortLists } from "../../sql/in-list";
import { defineVerb } from "../verb";
import { keyNameSchema, importKeySchema, createKeySchema } from "./schemas";
import { ServiceError } from "../../errors";
import { newId } from "../../ids";
import { parsePublicKey, generateKeyPair } from "../../ssh/keys";
import type { Ctx, TxCtx } from "../context";
import { tagAtCreation, tagMap, tagRecord } from "../tags/resource-tags";

export { keyNameSchema };

export function keyView(k: { id: string; name: string; keyType: string; publicKey: string; fingerprintSha256: string; fingerprintMd5: string; awsFingerprint: string; createdAt: Date }, tags: Record<string, string> = {}) {
  return {
    keyPairId: k.id, name: k.name, type: k.keyType, publicKey: k.publicKey, fingerprintSha256: k.fingerprintSha256, fingerprintMd5: k.fingerprintMd5,
    /** The fingerprint as EC2 shows it (it differs for keys EC2 made and keys it imported). */
    fingerprint: k.awsFingerprint || k.fingerprintMd5,
    createdAt: k.createdAt.toISOString(),
    // A plain copy: views reach client components, which take no null-prototype objects.
    tags: { ...tags },
  };
}

async function ensureFree(ctx: Ctx | TxCtx, name: string) {
  if (await ctx.db.keyPair.findUnique({ where: { teamId_name: { teamId: ctx.team.id, name } } }))
    throw new ServiceError("InvalidKeyPair.Duplicate", `The key pair '${name}' already exists.`, "name");
}

export const importKeyPair = defineVerb({
  kind: "write",
  name: "ImportKeyPair",
  permission: "keys.write",
  input: importKeySchema,
  failureTargets: (i) => [i.name],
  async run({ ctx, input, audit }) {
    await ensureFree(ctx, input.name);
    const parsed = parsePublicKey(input.publicKey);
    if (!parsed.ok) throw new ServiceError(parsed.code, parsed.message, "publicKey");
    const k = parsed.key;
    // EC2 imports RSA and ED25519 keys only, and says so in these words.
    if (k.type === "ecdsa")
      throw new ServiceError("InvalidKey.Format", "Key is not in valid OpenSSH public key format (ECDSA keys can't be imported: use ssh-ed25519, or ssh-rsa of 2048 bits or more).", "publicKey");
    const row = await ctx.db.keyPair.create({
      data: { id: newId("key"), teamId: ctx.team.id, name: input.name, keyType: k.type, publicKey: k.publicKey, fingerprintSha256: k.sha256, fingerprintMd5: k.md5, awsFingerprint: k.awsFingerprint, createdAt: ctx.clock.now() },
    });
    await tagAtCreation(ctx, [row.id], input.tags);
    audit.targets(row.id);
    audit.detail(`${input.name}: ${k.type} ${k.bits} ${k.sha256}`);
    return keyView(row, tagRecord(input.tags));
  },
});

export const createKeyPair = defineVerb({
  kind: "write",
  name: "CreateKeyPair",
  permission: "keys.write",
  input: createKeySchema,
  failureTargets: (i) => [i.name],
  // A taken name is refused before a key is generated (an RSA key costs tens of milliseconds of CPU).
  async prepare({ ctx, input }) {
    await ensureFree(ctx, input.name);
    return generateKeyPair(input.type, input.bits, input.name, input.format);
  },
  async run({ ctx, input, audit, prepared: k }) {
    await ensureFree(ctx, input.name);
    const row = await ctx.db.keyPair.create({
      data: { id: newId("key"), teamId: ctx.team.id, name: input.name, keyType: k.type, publicKey: k.publicKey, fingerprintSha256: k.sha256, fingerprintMd5: k.md5, awsFingerprint: k.awsFingerprint, createdAt: ctx.clock.now() },
    });
    await tagAtCreation(ctx, [row.id], input.tags);
    audit.targets(row.id);
    audit.detail(`${input.name}: generated ${k.type} ${k.bits} ${k.sha256}`);
    return { ...keyView(row, tagRecord(input.tags)), privateKey: k.privateKey };
  },
});

export const deleteKeyPair = defineVerb({
  kind: "write",
  name: "DeleteKeyPair",
  permission: "keys.write",
  input: z.object({ name: z.string().trim().optional(), keyPairId: z.string().trim().optional() }),
  failureTargets: (i) => [i.keyPairId ?? i.name ?? ""],
  async run({ ctx, input, audit }) {
    if (!input.name && !input.keyPairId) throw new ServiceError("MissingParameter", "Name the key pair to delete.", "name");
    const k = await ctx.db.keyPair.findFirst({ where: { teamId: ctx.team.id, ...(input.keyPairId ? { id: input.keyPairId } : { name: input.name }) } });
    // EC2 answers a delete of a missing key pair with success; so do we, and say so.
    if (!k) return { deleted: false, name: input.name ?? input.keyPairId ?? "", keyPairId: null as string | null };
    await ctx.db.keyPair.delete({ where: { id: k.id } });
    await ctx.db.tag.deleteMany({ where: { teamId: ctx.team.id, resourceId: k.id } });
    audit.targets(k.id);
    audit.detail(`${k.name} (instances launched with it keep its public key)`);
    return { deleted: true, name: k.name, keyPairId: k.id as string | null };
  },
});

export const describeKeyPairs = defineVerb({
  kind: "read",
  name: "DescribeKeyPairs",
  permission: "keys.read",
  input: z.object({ names: z.array(z.string()).default([]), keyPairIds: z.array(z.string()).default([]) }),
  async run({ ctx, input }) {
    const named = input.names.length + input.keyPairIds.length > 0;
    const short = shortLists(input.names, input.keyPairIds);
    const all = await ctx.db.keyPair.findMany({
      where: { teamId: ctx.team.id, ...(named && short ? { OR: [{ name: { in: input.names } }, { id: { in: input.keyPairIds } }] } : {}) },
      orderBy: { name: "asc" },
    });
    const [askedNames, askedIds] = [new Set(input.names), new Set(input.keyPairIds)];
    const rows = named && !short ? all.filter((k) => askedNames.has(k.name) || askedIds.has(k.id)) : all;
    const names = new Set(rows.map((r) => r.name));
    const ids = new Set(rows.map((r) => r.id));
    for (const n of input.names) if (!names.has(n)) throw new ServiceError("InvalidKeyPair.NotFound", `The key pair '${n}' does not exist`, "names");
    for (const id of input.keyPairIds) if (!ids.has(id)) throw new ServiceError("InvalidKeyPair.NotFound", `The key pair '${id}' does not exist`, "keyPairIds");
    const tags = await tagMap(ctx.db, ctx.team.id, rows.map((r) => r.id));
    return rows.map((r) => keyView(r, tags.get(r.id)));
  },
});
