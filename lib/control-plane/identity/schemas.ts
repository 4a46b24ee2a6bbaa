// Input rules of one's own account (password, access keys), shared with the console's forms.
import { z } from "zod";
import { passwordSchema } from "../teams/schemas";
import { plainText } from "../../text";

export const changePasswordSchema = z.object({ current: z.string().min(1, "Enter your current password.").max(200), next: passwordSchema });

export const accessKeyDescription = plainText(z.string().trim().max(100, "Descriptions are at most 100 characters."), "Descriptions").default("");
/** What a person gives when creating a key in the console. */
export const newAccessKeySchema = z.object({ description: accessKeyDescription });
