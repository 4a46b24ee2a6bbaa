import { describe, expect, it } from "vitest";
import { launchSchema, base64Bytes } from "./schemas";
import { parseInput } from "../verb";

const err = (raw: unknown) => {
  try {
    parseInput(launchSchema, raw);
    return null;
  } catch (e) {
    return e as { code: string; field?: string; message: string };
  }
};

describe("launch input", () => {
  it("defaults to one m1.small", () => {
    expect(parseInput(launchSchema, { imageId: "ami-f937d290" })).toMatchObject({ instanceType: "m1.small", minCount: 1, securityGroups: [], tags: [] });
  });

  it("names the field and the EC2 code of each mistake", () => {
    expect(err({ imageId: "ami-f937d290", minCount: 0 })).toMatchObject({ code: "InvalidParameterValue", field: "minCount" });
    expect(err({ imageId: "ami-f937d290", minCount: 4, maxCount: 2 })).toMatchObject({ code: "InvalidParameterValue", field: "maxCount" });
    expect(err({ imageId: "ami-f937d290", userData: "%%%" })).toMatchObject({ code: "InvalidUserData.Malformed", field: "userData" });
    expect(err({ imageId: "ami-f937d290", tags: [{ key: "aws:x", value: "1" }] })?.message).toContain("reserved");
    expect(err({ imageId: "ami-f937d290", tags: [{ key: "a" }, { key: "a" }] })?.message).toContain("given twice");
    expect(err({})).toMatchObject({ code: "MissingParameter", field: "imageId" });
  });

  it("counts user data in raw bytes: 16 KB exactly is fine, one more byte is not", () => {
    const at = (n: number) => Buffer.alloc(n, 0xe2).toString("base64");
    expect(err({ imageId: "ami-f937d290", userData: at(16384) })).toBeNull();
    expect(err({ imageId: "ami-f937d290", userData: at(16385) })?.message).toContain("16,385 bytes");
  });

  it("measures base64", () => {
    expect(base64Bytes("aGVsbG8=")).toBe(5);
    expect(base64Bytes("not base64!")).toBeNull();
  });
});
