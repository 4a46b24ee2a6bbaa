// EC2's tag rules, in one place: every tag write (CreateTags, tags at launch,
// the console's tag editor) validates with these schemas. A key is 1–128
// characters and may not start with aws:; a value is 0–256 characters; both
// are plain text (lib/text.ts); 50 tags at most per resource.
import { z } from "zod";
import { charLength, plainText } from "../../text";

export const MAX_TAGS = 50;
export const MAX_KEY = 128;
export const MAX_VALUE = 256;

export const tagKeySchema = plainText(
  z.string().trim().min(1, "Tag keys can't be empty.").refine((k) => charLength(k) <= MAX_KEY, `Tag keys are at most ${MAX_KEY} characters.`),
  "Tag keys",
).refine((k) => !k.toLowerCase().startsWith("aws:"), "Tag keys starting with aws: are reserved.");

export const tagValueSchema = plainText(z.string().refine((v) => charLength(v) <= MAX_VALUE, `Tag values are at most ${MAX_VALUE} characters.`), "Tag values");

export const tagSchema = z.object({ key: tagKeySchema, value: tagValueSchema.default("") });

/** Tags of one request: each valid, no key twice. */
export const tagListSchema = z
  .array(tagSchema)
  .max(MAX_TAGS, `At most ${MAX_TAGS} tags.`)
  .superRefine((tags, ctx) => {
    const seen = new Set<string>();
    tags.forEach((t, i) => {
      if (seen.has(t.key)) ctx.addIssue({ code: "custom", path: [i, "key"], message: `Tag key "${t.key}" is given twice.`, params: { code: "InvalidParameterValue" } });
      seen.add(t.key);
    });
  });
