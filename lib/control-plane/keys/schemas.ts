// Input rules of the key-pair verbs, shared with the console's forms.
import { z } from "zod";
import { tagListSchema } from "../tags/rules";

export const keyNameSchema = z.string().trim().min(1, "Give the key pair a name.").max(255, "Key pair names are at most 255 characters.")
  .regex(/^[\x20-\x7e]+$/, "Key pair names use printable ASCII characters only.");

export const importKeySchema = z.object({ name: keyNameSchema, publicKey: z.string().max(16_384, "That is far too long for a public key."), tags: tagListSchema.default([]) });

export const createKeySchema = z.object({
  name: keyNameSchema,
  type: z.enum(["ed25519", "rsa"], { message: "Key type must be ed25519 or rsa." }).default("ed25519"),
  bits: z.coerce.number().pipe(z.union([z.literal(2048), z.literal(4096)], { message: "RSA keys are 2048 or 4096 bits." })).default(2048),
  /** pem: PKCS#1 for RSA, OpenSSH for ED25519 (as EC2 gives them); ppk: PuTTY. */
  format: z.enum(["pem", "ppk"], { message: "The key format is pem or ppk." }).default("pem"),
  tags: tagListSchema.default([]),
});
export type CreateKeyInput = z.input<typeof createKeySchema>;
