// Text a person typed that Stratus stores and shows again: in EC2 XML (where
// most control characters are not allowed at all), in CSV, in terminals (the
// AWS CLI prints tag values as they are) and in the console. Such text may
// not hold control characters (C0, DEL, C1: the C1 CSI U+009B alone can
// clear and recolour a terminal), unpaired surrogates or the noncharacters
// U+FFFE / U+FFFF.
import { z } from "zod";

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/** The first character text may not hold, with its position (in characters, from 1), or null. */
export function forbiddenChar(s: string): { code: string; at: number } | null {
  const m = FORBIDDEN.exec(s);
  if (!m) return null;
  return { code: `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`, at: Array.from(s.slice(0, m.index)).length + 1 };
}

/** Length in characters (code points), as EC2 counts them. */
export const charLength = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** A zod check for stored text: no control characters (the message names the character and where it is). */
export function plainText<T extends z.ZodString>(schema: T, label: string) {
  return schema.superRefine((v, ctx) => {
    const bad = forbiddenChar(v);
    if (bad) ctx.addIssue({ code: "custom", message: `${label} can't contain control characters (${bad.code} at character ${bad.at}).`, params: { code: "InvalidParameterValue" } });
  });
}
