// Input rules shared by the launch verb and every adapter that calls it.
import { z } from "zod";
import { tagListSchema } from "../tags/rules";

export const MAX_USER_DATA_BYTES = 16 * 1024;

// Tags follow EC2's rules, kept in one place for every tag write.
export { tagSchema } from "../tags/rules";

export const instanceIdSchema = z.string().refine((s) => /^i-([0-9a-f]{8}|[0-9a-f]{17})$/.test(s), {
  error: (iss) => `Invalid id: "${String(iss.input)}" (instance ids look like i-0123456789abcdef0)`,
  params: { code: "InvalidInstanceID.Malformed" },
});

/** Decoded size of base64 text, or null when it is not base64. */
export function base64Bytes(b64: string): number | null {
  const s = b64.replace(/\s+/g, "");
  if (s.length % 4 === 1 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null;
  return Buffer.from(s, "base64").length;
}

export const launchSchema = z
  .object({
    imageId: z.string().trim().min(1, "Choose an image."),
    instanceType: z.string().trim().min(1).default("m1.small"),
    minCount: z.coerce.number({ message: "Number of instances must be a whole number." }).int("Number of instances must be a whole number.").min(1, "Launch at least 1 instance.").default(1),
    maxCount: z.coerce.number({ message: "Maximum count must be a whole number." }).int("Maximum count must be a whole number.").min(1, "Maximum count must be at least 1.").optional(),
    keyName: z.string().trim().min(1).max(255).optional(),
    securityGroups: z.array(z.string().trim().min(1)).default([]),
    securityGroupIds: z.array(z.string().trim().min(1)).default([]),
    /** Base64 of the raw user data. */
    userData: z.string().optional(),
    availabilityZone: z.string().trim().min(1).optional(),
    tags: tagListSchema.default([]),
    clientToken: z.string().max(64, "The idempotency token is at most 64 characters.").regex(/^[\x21-\x7e]*$/, "The idempotency token must be printable ASCII.").optional(),
    tokensRequired: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (v.maxCount !== undefined && v.maxCount < v.minCount)
      ctx.addIssue({ code: "custom", path: ["maxCount"], message: `Maximum count (${v.maxCount}) can't be less than the minimum (${v.minCount}).`, params: { code: "InvalidParameterValue" } });
    if (v.userData !== undefined && v.userData !== "") {
      const bytes = base64Bytes(v.userData);
      if (bytes === null)
        ctx.addIssue({ code: "custom", path: ["userData"], message: "User data must be base64-encoded.", params: { code: "InvalidUserData.Malformed" } });
      else if (bytes > MAX_USER_DATA_BYTES)
        ctx.addIssue({ code: "custom", path: ["userData"], message: `User data is ${bytes.toLocaleString("en-US")} bytes; the limit is 16 KB (16,384 bytes).`, params: { code: "InvalidParameterValue" } });
    }
  });

export type LaunchInput = z.input<typeof launchSchema>;
