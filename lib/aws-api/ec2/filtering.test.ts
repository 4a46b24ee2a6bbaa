// EC2 filters: AND across filters, OR within one, wildcards, tag filters,
// unknown names and names without values refused.
import { describe, expect, it } from "vitest";
import { parseParams } from "../query";
import { applyFilters, readFilters } from "./filtering";

const params = (q: Record<string, string>) => parseParams(new URLSearchParams(q));
type R = { id: string; type: string; tags: Record<string, string> };
const rows: R[] = [
  { id: "i-1", type: "m1.small", tags: { Name: "web-1", env: "prod" } },
  { id: "i-2", type: "m1.large", tags: { Name: "web-2", env: "dev" } },
  { id: "i-3", type: "m1.small", tags: { Name: "db*1" } },
];
const fields = { "instance-type": (r: R) => r.type, "instance-id": (r: R) => r.id };
const run = (q: Record<string, string>) => applyFilters(rows, readFilters(params(q), Object.keys(fields)), fields, (r) => r.tags).map((r) => r.id);

describe("EC2 filters", () => {
  it("ORs a filter's values and ANDs filters", () => {
    expect(run({ "Filter.1.Name": "instance-type", "Filter.1.Value.1": "m1.small", "Filter.1.Value.2": "m1.large" })).toEqual(["i-1", "i-2", "i-3"]);
    expect(run({ "Filter.1.Name": "instance-type", "Filter.1.Value.1": "m1.small", "Filter.2.Name": "tag:env", "Filter.2.Value.1": "prod" })).toEqual(["i-1"]);
  });

  it("takes * and ? in values, and \\ to escape them", () => {
    expect(run({ "Filter.1.Name": "tag:Name", "Filter.1.Value.1": "web-*" })).toEqual(["i-1", "i-2"]);
    expect(run({ "Filter.1.Name": "tag:Name", "Filter.1.Value.1": "web-?" })).toEqual(["i-1", "i-2"]);
    expect(run({ "Filter.1.Name": "tag:Name", "Filter.1.Value.1": "db\\*1" })).toEqual(["i-3"]);
    expect(run({ "Filter.1.Name": "tag:Name", "Filter.1.Value.1": "db\\*?" })).toEqual(["i-3"]);
    expect(run({ "Filter.1.Name": "instance-type", "Filter.1.Value.1": "m1.*l" })).toEqual(["i-1", "i-3"]);
  });

  it("tag-key and tag-value match any of a resource's tags", () => {
    expect(run({ "Filter.1.Name": "tag-key", "Filter.1.Value.1": "e*" })).toEqual(["i-1", "i-2"]);
    expect(run({ "Filter.1.Name": "tag-value", "Filter.1.Value.1": "dev" })).toEqual(["i-2"]);
    expect(run({ "Filter.1.Name": "tag:env", "Filter.1.Value.1": "*" })).toEqual(["i-1", "i-2"]);
  });

  it("gives SQL the literal values only", () => {
    const [literal, wild, escaped] = readFilters(params({ "Filter.1.Name": "instance-id", "Filter.1.Value.1": "i-1", "Filter.2.Name": "instance-id", "Filter.2.Value.1": "i-*", "Filter.3.Name": "instance-id", "Filter.3.Value.1": "i-\\*" }), ["instance-id"]);
    expect([literal.exact, wild.exact, escaped.exact]).toEqual([["i-1"], null, ["i-*"]]);
  });

  it("refuses a filter it doesn't know, and one without values", () => {
    expect(() => readFilters(params({ "Filter.1.Name": "colour", "Filter.1.Value.1": "red" }), ["instance-id"])).toThrow(/The filter 'colour' is invalid/);
    expect(() => readFilters(params({ "Filter.1.Name": "instance-id" }), ["instance-id"])).toThrow(expect.objectContaining({ code: "InvalidParameterValue", message: expect.stringContaining("Filter.1.Value.1") }));
    expect(() => readFilters(params({ "Filter.1.Name": "tag:" , "Filter.1.Value.1": "x"}), ["instance-id"])).toThrow(/invalid/);
  });

  it("a tag key that looks like an object property is just a key", () => {
    expect(run({ "Filter.1.Name": "tag:__proto__", "Filter.1.Value.1": "*" })).toEqual([]);
    expect(run({ "Filter.1.Name": "tag:constructor", "Filter.1.Value.1": "*" })).toEqual([]);
  });
});
