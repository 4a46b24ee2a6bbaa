// Input rules of creating a security group, shared with the console's form.
import { z } from "zod";
import { tagListSchema } from "../tags/rules";

export const groupNameSchema = z.string().trim().min(1, "Give the group a name.").max(255, "Group names are at most 255 characters.")
  .regex(/^[\x20-\x7e]+$/, "Group names use printable ASCII characters only.");

export const createGroupSchema = z.object({
  name: groupNameSchema,
  description: z.string().trim().min(1, "Give the group a description.").max(255, "Descriptions are at most 255 characters.").regex(/^[\x20-\x7e]*$/, "Descriptions use printable ASCII characters only."),
  /** The team's VPC (the default one: the only one there is). */
  vpcId: z.string().trim().optional(),
  tags: tagListSchema.default([]),
});
