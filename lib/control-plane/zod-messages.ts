// Plain words for zod's built-in checks, used wherever a schema gives no
// message of its own (those always win): "It can't be empty." rather than the
// validator's "Too small: expected string to have >=1 characters". The EC2
// adapter puts the parameter's name in front; forms show it by the field.
import { z } from "zod";

type Issue = Parameters<NonNullable<z.core.$ZodConfig["customError"]>>[0];

const n = (v: unknown) => (typeof v === "bigint" || typeof v === "number" ? Number(v).toLocaleString("en-US") : String(v));

export function humanMessage(iss: Issue): string {
  const i = iss as Issue & { origin?: string; minimum?: unknown; maximum?: unknown; expected?: string; values?: unknown[]; format?: string; input?: unknown; inclusive?: boolean };
  switch (i.code) {
    case "too_small":
      if (i.origin === "string") return Number(i.minimum) <= 1 ? "It can't be empty." : `It must be at least ${n(i.minimum)} characters.`;
      if (i.origin === "array" || i.origin === "set") return Number(i.minimum) <= 1 ? "Give at least one." : `Give at least ${n(i.minimum)}.`;
      return `It must be ${i.inclusive === false ? "more than" : "at least"} ${n(i.minimum)}.`;
    case "too_big":
      if (i.origin === "string") return `It must be at most ${n(i.maximum)} characters.`;
      if (i.origin === "array" || i.origin === "set") return `Give at most ${n(i.maximum)}.`;
      return `It must be ${i.inclusive === false ? "less than" : "at most"} ${n(i.maximum)}.`;
    case "invalid_type":
      if (i.input === undefined) return "It is required.";
      return i.expected === "int" ? "It must be a whole number." : `It must be ${i.expected === "array" ? "a list" : i.expected === "object" ? "a structure" : `a ${i.expected}`}.`;
    case "invalid_value":
      return `It must be one of: ${(i.values ?? []).map(String).join(", ")}.`;
    case "invalid_format":
      return i.format === "regex" ? "It has characters or a form that is not allowed." : `It is not a valid ${i.format}.`;
    case "not_multiple_of":
      return "It is not a multiple of what is allowed.";
    case "unrecognized_keys":
      return "It has fields that are not recognised.";
    default:
      return "It is not valid.";
  }
}

z.config({ customError: (iss) => humanMessage(iss) });
