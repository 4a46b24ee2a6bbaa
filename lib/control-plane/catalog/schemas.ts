// Input rules of the catalog verbs, shared with the console's forms (no server imports).
import { z } from "zod";
import { tagListSchema } from "../tags/rules";
import { plainText } from "../../text";
import { parseDollars } from "../../money";

const imageName = z.string().trim().min(3, "Name must be 3 to 128 characters.").max(128, "Name must be 3 to 128 characters.")
  .regex(/^[A-Za-z0-9 ()[\]./\-'@_]+$/, "Name may use letters, digits, spaces and ( ) [ ] . / - ' @ _ only.");

export const registerImageSchema = z.object({
  name: imageName,
  description: plainText(z.string().trim().max(255, "Description must be at most 255 characters."), "Descriptions").default(""),
  architecture: z.enum(["i386", "x86_64"], { message: "Architecture must be i386 or x86_64." }),
  rootDeviceType: z.enum(["instance-store", "ebs"], { message: "Root device type must be instance-store or ebs." }).default("instance-store"),
  distro: z.enum(["fedora", "ubuntu", "debian"]).default("ubuntu"),
  tags: tagListSchema.default([]),
});
export type RegisterImageInput = z.input<typeof registerImageSchema>;

export const addInstanceTypeSchema = z.object({
  name: z.string().trim().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "Use the family.size form, like c1.medium."),
  memoryMiB: z.coerce.number({ message: "Memory must be a number of MiB." }).int("Memory must be whole MiB.").min(256, "Memory must be at least 256 MiB.").max(4_194_304, "Memory is at most 4 TiB."),
  vcpus: z.coerce.number({ message: "Cores must be a whole number." }).int("Cores must be a whole number.").min(1, "At least 1 core.").max(448, "At most 448 cores."),
  ecuPerCore: z.coerce.number({ message: "ECU per core must be a number." }).min(0.5, "ECU per core is at least 0.5.").max(20, "ECU per core is at most 20."),
  storageGb: z.coerce.number({ message: "Storage must be a whole number of GB." }).int("Storage must be a whole number of GB.").min(0, "Storage can't be negative.").max(100_000, "Storage is at most 100,000 GB."),
  architecture: z.enum(["i386", "x86_64"], { message: "Architecture must be i386 or x86_64." }),
  hourlyUsd: z.string().refine((s) => parseDollars(s) !== null, "Price must be a non-negative amount with at most 6 decimal places."),
});
export type AddInstanceTypeInput = z.input<typeof addInstanceTypeSchema>;
