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

export const shutdownBehaviorSchema = z.enum(["stop", "terminate"], { message: "The shutdown behavior is stop or terminate." });

export const metadataOptionsSchema = z.object({
  httpEndpoint: z.enum(["enabled", "disabled"], { message: "HttpEndpoint is enabled or disabled." }).optional(),
  httpPutResponseHopLimit: z.number().int("The hop limit is a whole number.").min(1, "The hop limit is 1 to 64.").max(64, "The hop limit is 1 to 64.").optional(),
  instanceMetadataTags: z.enum(["enabled", "disabled"], { message: "InstanceMetadataTags is enabled or disabled." }).optional(),
  httpProtocolIpv6: z.enum(["enabled", "disabled"], { message: "HttpProtocolIpv6 is enabled or disabled." }).optional(),
});

export const VOLUME_TYPES = ["standard", "gp2", "gp3", "io1", "io2", "st1", "sc1"] as const;

export const rootVolumeSchema = z.object({
  sizeGiB: z.number().int("Volume sizes are whole GiB.").min(1, "A volume is at least 1 GiB.").max(16_384, "A volume is at most 16,384 GiB.").optional(),
  volumeType: z.enum(VOLUME_TYPES, { message: `The volume type is one of ${VOLUME_TYPES.join(", ")}.` }).optional(),
  deleteOnTermination: z.boolean().optional(),
});

/** The root volume of an EBS-backed image, when not asked otherwise. */
export const DEFAULT_ROOT_GIB = 8;
export const ROOT_DEVICE = "/dev/sda1";

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
    /** A subnet of the team's VPC (its zone is then the instance's). */
    subnetId: z.string().trim().min(1).optional(),
    disableApiTermination: z.boolean().default(false),
    disableApiStop: z.boolean().default(false),
    shutdownBehavior: shutdownBehaviorSchema.optional(),
    ebsOptimized: z.boolean().default(false),
    metadata: metadataOptionsSchema.default({}),
    /** The EBS root volume, for EBS-backed images. */
    rootVolume: rootVolumeSchema.optional(),
    volumeTags: tagListSchema.default([]),
    interfaceTags: tagListSchema.default([]),
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

/** UTF-8 text → base64, in the browser and in Node alike. */
export function textToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** The console's launch form, as typed: counts as text, user data as text, the Name apart. */
export interface LaunchFormValues {
  imageId: string;
  instanceType: string;
  minCount: string;
  maxCount: string;
  keyName: string;
  securityGroups: string[];
  userData: string;
  availabilityZone: string;
  name: string;
  tags: { key: string; value: string }[];
  clientToken: string;
}

/** Form values → the verb's input. Tag rows keep their places (errors name them: tags.1.key); the Name tag goes last. */
export function launchInputFromForm(v: LaunchFormValues): LaunchInput {
  const blank = (s: string | undefined) => (s === undefined || s.trim() === "" ? undefined : s);
  return {
    imageId: v.imageId,
    instanceType: v.instanceType,
    minCount: v.minCount as unknown as number,
    maxCount: blank(v.maxCount) as unknown as number | undefined,
    keyName: blank(v.keyName),
    securityGroups: v.securityGroups ?? [],
    userData: v.userData ? textToBase64(v.userData) : undefined,
    availabilityZone: blank(v.availabilityZone),
    tags: [...(v.tags ?? []), ...(v.name?.trim() ? [{ key: "Name", value: v.name.trim() }] : [])],
    clientToken: blank(v.clientToken),
  };
}

/** The launch form's schema: the verb's own, over the form's values. */
export const launchFormSchema = z.preprocess((v: LaunchFormValues) => launchInputFromForm(v), launchSchema);
