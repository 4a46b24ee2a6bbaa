// EC2's Filter.N.Name / Filter.N.Value.M, as EC2 applies them: a resource
// passes when every filter matches (AND), and a filter matches when any of
// its values does (OR); values take the wildcards * and ? (\ escapes them);
// tag:<key>, tag-key and tag-value work on every resource that has tags. A
// filter EC2 doesn't know for the action, or one without values, is an error.
import { ServiceError } from "../../errors";
import { anyWildcard, wildcard } from "../../filters/wildcard";
import { list, required, structs, type Params } from "../query";

export interface Filter {
  name: string;
  values: string[];
  /** True when one of the values matches (wildcards applied). */
  test(value: string): boolean;
  /** The values with no wildcard in them, or null when any has one (for SQL push-down). */
  exact: string[] | null;
}

type Scalar = string | number | boolean | null | undefined;
/** How to read a filter's field from a resource: one value or several (any may match). */
export type Accessors<T> = Record<string, (x: T) => Scalar | Scalar[]>;

const TAG_FILTERS = ["tag-key", "tag-value"];

export function readFilters(p: Params, known: string[], opts: { tags?: boolean } = { tags: true }): Filter[] {
  const out: Filter[] = [];
  structs(p, "Filter").forEach((f, n) => {
    const name = required(f, "Name");
    const isTag = opts.tags !== false && (name.startsWith("tag:") ? name.length > 4 : TAG_FILTERS.includes(name));
    if (!isTag && !known.includes(name)) throw new ServiceError("InvalidParameterValue", `The filter '${name}' is invalid. This action's filters are ${[...known, ...(opts.tags !== false ? ["tag:<key>", ...TAG_FILTERS] : [])].join(", ")}.`);
    const values = list(f, "Value");
    if (!values.length) throw new ServiceError("InvalidParameterValue", `The filter '${name}' has no values: give at least one as Filter.${n + 1}.Value.1.`);
    const compiled = values.map(wildcard);
    const exact = compiled.every((w) => w.exact !== null) ? compiled.map((w) => w.exact!) : null;
    out.push({ name, values, test: anyWildcard(values), exact });
  });
  return out;
}

const asStrings = (v: Scalar | Scalar[]): string[] => (Array.isArray(v) ? v : [v]).filter((x) => x !== null && x !== undefined).map((x) => String(x));

/** Whether a resource passes every filter. */
export function matches<T>(x: T, filters: Filter[], fields: Accessors<T>, tags?: (x: T) => Record<string, string>): boolean {
  for (const f of filters) {
    if (f.name.startsWith("tag:") && !(f.name in fields)) {
      const t = tags?.(x) ?? {};
      const key = f.name.slice(4);
      if (!Object.prototype.hasOwnProperty.call(t, key) || !f.test(t[key])) return false;
    } else if (f.name === "tag-key" && !(f.name in fields)) {
      if (!Object.keys(tags?.(x) ?? {}).some((k) => f.test(k))) return false;
    } else if (f.name === "tag-value" && !(f.name in fields)) {
      if (!Object.values(tags?.(x) ?? {}).some((v) => f.test(v))) return false;
    } else {
      const get = fields[f.name];
      if (!get || !asStrings(get(x)).some((v) => f.test(v))) return false;
    }
  }
  return true;
}

export function applyFilters<T>(items: T[], filters: Filter[], fields: Accessors<T>, tags?: (x: T) => Record<string, string>): T[] {
  return filters.length ? items.filter((x) => matches(x, filters, fields, tags)) : items;
}
