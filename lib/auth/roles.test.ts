import { describe, expect, it } from "vitest";
import { allows, denial, PERMISSIONS, ROLES } from "./roles";

describe("the permission matrix", () => {
  it("matches the issue's table", () => {
    const who = (p: keyof typeof PERMISSIONS) => ROLES.filter((r) => allows(r, p));
    // instances, images, groups, keys, addresses
    expect(who("instances.read")).toEqual(["admin", "operator", "billing", "viewer"]);
    for (const p of ["instances.launch", "instances.reboot", "instances.stop", "instances.start", "instances.terminate", "instances.tag", "groups.write", "keys.write", "addresses.write"] as const)
      expect(who(p)).toEqual(["admin", "operator"]);
    // costs and price book
    expect(who("costs.read")).toEqual(["admin", "operator", "billing"]);
    expect(who("budgets.write")).toEqual(["admin", "billing"]);
    expect(who("costs.export")).toEqual(["admin", "billing"]);
    expect(who("pricebook.write")).toEqual(["admin"]);
    // members and settings
    expect(who("members.write")).toEqual(["admin"]);
    expect(who("settings.write")).toEqual(["admin"]);
  });

  it("explains a refusal in words the UI can show", () => {
    expect(denial("viewer", "instances.terminate")).toBe("Viewers can't terminate instances.");
    expect(denial("billing", "instances.launch")).toBe("Billing members can't launch instances.");
    expect(denial("operator", "pricebook.write")).toBe("Operators can't edit the price book.");
    expect(denial("admin", "pricebook.write")).toBeNull();
  });
});
