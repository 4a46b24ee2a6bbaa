// TagSpecification.N on create actions: tags for each kind of resource the
// action creates, refusing kinds it doesn't create (as EC2 does).
import { ServiceError } from "../../errors";
import { required, str, structs, type Params } from "../query";

export type TagList = { key: string; value: string }[];

export function tagSpecs(p: Params, allowed: string[]): Map<string, TagList> {
  const out = new Map<string, TagList>();
  structs(p, "TagSpecification").forEach((ts, n) => {
    const type = str(ts, "ResourceType");
    if (!type) throw new ServiceError("MissingParameter", `TagSpecification.${n + 1}.ResourceType is required: say which resource the tags are for (${allowed.join(", ")}).`);
    if (!allowed.includes(type)) throw new ServiceError("InvalidParameterValue", `'${type.slice(0, 100)}' is not a valid taggable resource type for this operation: TagSpecification.${n + 1}.ResourceType is one of ${allowed.join(", ")}.`);
    const tags = structs(ts, "Tag").map((t) => ({ key: required(t, "Key"), value: typeof t.Value === "string" ? t.Value : "" }));
    out.set(type, [...(out.get(type) ?? []), ...tags]);
  });
  return out;
}
