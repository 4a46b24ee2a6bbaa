import { describe, expect, it } from "vitest";
import { bare, own, table } from "./own";

const NAMES = ["valueOf", "hasOwnProperty", "toString", "constructor", "__proto__", "isPrototypeOf", "__defineGetter__"];

describe("lookup tables keyed by user input", () => {
  it("answer only their own entries", () => {
    const t = table({ RunInstances: 1 });
    const plain: Record<string, number> = { RunInstances: 1 };
    for (const n of NAMES) {
      expect(t[n]).toBeUndefined();
      expect(own(plain, n)).toBeUndefined();
    }
    expect(t.RunInstances).toBe(1);
    expect(own(plain, "RunInstances")).toBe(1);
    expect(Object.isFrozen(t)).toBe(true);
  });

  it("a bare map takes __proto__ as a key like any other", () => {
    const m = bare<string>();
    m["__proto__"] = "x";
    m["constructor"] = "y";
    expect(Object.keys(m).sort()).toEqual(["__proto__", "constructor"]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
