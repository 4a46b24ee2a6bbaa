// zod's built-in checks in plain words (a schema's own message still wins).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import "./zod-messages";

const first = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues[0]?.message;

describe("validation messages", () => {
  it.each([
    [z.string().min(1), "", "It can't be empty."],
    [z.string().min(3), "a", "It must be at least 3 characters."],
    [z.string().max(4), "abcdef", "It must be at most 4 characters."],
    [z.number().int().min(1).max(64), 65, "It must be at most 64."],
    [z.number().int(), 1.5, "It must be a whole number."],
    [z.enum(["enabled", "disabled"]), "on", "It must be one of: enabled, disabled."],
    [z.string(), undefined, "It is required."],
    [z.string(), 7, "It must be a string."],
    [z.array(z.string()).min(1), [], "Give at least one."],
  ])("%# %j", (schema, value, message) => {
    expect(first(schema, value)).toBe(message);
  });

  it("never shows the validator's own wording, and keeps a schema's message", () => {
    expect(first(z.string().min(1), "")).not.toMatch(/Too small|expected|>=/);
    expect(first(z.string().min(1, "Give the group a name."), "")).toBe("Give the group a name.");
  });
});

describe("NUL characters in a verb's input", () => {
  it("are found wherever they are, with the field's path", async () => {
    const { nulPath } = await import("./verb");
    expect(nulPath({ a: "x", b: ["ok", "n\u0000"] })).toBe("b.1");
    expect(nulPath({ tags: [{ key: "k", value: "v\u0000" }] })).toBe("tags.0.value");
    expect(nulPath({ a: "fine", when: new Date(0), n: 3 })).toBeNull();
  });
});
