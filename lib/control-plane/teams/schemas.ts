// Input rules of the team verbs, shared with the console's forms (no server imports).
import { z } from "zod";
import { ROLES } from "../../auth/roles";
import { MIN_PASSWORD } from "../../auth/password-rules";

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email({ message: "Enter a valid email address." }));
export const roleSchema = z.enum(ROLES, { message: `Role must be one of ${ROLES.join(", ")}.` });
export const passwordSchema = z.string().min(MIN_PASSWORD, `Passwords are at least ${MIN_PASSWORD} characters.`).max(200, "Passwords are at most 200 characters.");
export const teamNameSchema = z.string().trim().min(2, "Team names are 2 to 64 characters.").max(64, "Team names are 2 to 64 characters.")
  .regex(/^[\p{L}\p{N} ._'-]+$/u, "Team names use letters, digits, spaces and . _ ' - only.");

export const inviteSchema = z.object({ email: emailSchema, role: roleSchema });
export const createTeamSchema = z.object({ name: teamNameSchema });
export const instanceLimitSchema = z.object({
  instanceLimit: z.coerce.number({ message: "The limit must be a whole number." }).int("The limit must be a whole number.").min(0, "The limit can't be negative.").max(100_000, "The limit is at most 100,000."),
});
export type InstanceLimitInput = z.input<typeof instanceLimitSchema>;
export type InviteInput = z.input<typeof inviteSchema>;
