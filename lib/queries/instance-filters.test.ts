import { describe, expect, it } from "vitest";
import { DEFAULT_FILTERS, filtersFromParams, filtersToParams } from "./instance-filters";

describe("instance filters in the URL", () => {
  it("round-trips every filter", () => {
    const f = { states: ["running", "pending"] as const, types: ["m1.small"], imageIds: ["ami-f937d290"], tags: ["env=prod", "team"], q: "web", sort: "name" as const, dir: "asc" as const, page: 3 };
    const back = filtersFromParams(new URLSearchParams(filtersToParams({ ...f, states: [...f.states] }).toString()));
    expect(back).toEqual({ ...f, states: ["running", "pending"] });
  });

  it("keeps defaults out of the URL and ignores junk", () => {
    expect(filtersToParams(DEFAULT_FILTERS).toString()).toBe("");
    expect(filtersFromParams({ state: "bogus,running", sort: "drop table", page: "-4" })).toMatchObject({ states: ["running"], sort: "launchedAt", page: 1 });
  });
});
