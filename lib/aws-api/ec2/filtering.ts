// EC2's Filter.N.Name / Filter.N.Value.M, as EC2 applies them: a resource
// passes when every filter matches (AND), and a filter matches when any of
// its values does (OR); values take the wildcards * and ? (\ escapes them);
// tag:<key>, tag-key and tag-value work on every resource that has tags. A
// filter EC2 doesn't know for the action, or one without values, is an error,
// and so are more values than EC2 takes (FilterLimitExceeded). Matching is
// linear-time (lib/filters/wildcard.ts), so no value can stall the server.
import { ServiceError } from "../../errors";
import { anyWildcard, wildcard } from "../../filters/wildcard";
import { own } from "../../own";
import { FILTER_LIMITS, list, required, structs, type Params } from "../query";

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
  let count = 0;
  structs(p, "Filter").forEach((f, n) => {
    const name = required(f, "Name");
    const isTag = opts.tags !== false && (name.startsWith("tag:") ? name.length > 4 : TAG_FILTERS.includes(name));
    if (!isTag && !known.includes(name)) throw new ServiceError("InvalidParameterValue", `The filter '${name.slice(0, FILTER_LIMITS.length)}' is invalid. This action's filters are ${[...known, ...(opts.tags !== false ? ["tag:<key>", ...TAG_FILTERS] : [])].join(", ")}.`);
    const values = list(f, "Value");
    if (!values.length) throw new ServiceError("InvalidParameterValue", `The filter '${name.slice(0, FILTER_LIMITS.length)}' has no values: give at least one as Filter.${n + 1}.Value.1.`);
    count += values.length;
    if (count > FILTER_LIMITS.values) throw new ServiceError("FilterLimitExceeded", `The maximum number of filter values specified on a single call is ${FILTER_LIMITS.values}`);
    if (values.some((v) => v.length > FILTER_LIMITS.length)) throw new ServiceError("FilterLimitExceeded", `The maximum length for a filter value is ${FILTER_LIMITS.length} characters`);
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
    const get = own(fields, f.name);
    if (f.name.startsWith("tag:") && !get) {
      const t = tags?.(x) ?? {};
      const key = f.name.slice(4);
      if (!Object.hasOwn(t, key) || !f.test(t[key])) return false;
    } else if (f.name === "tag-key" && !get) {
      if (!Object.keys(tags?.(x) ?? {}).some((k) => f.test(k))) return false;
    } else if (f.name === "tag-value" && !get) {
      if (!Object.values(tags?.(x) ?? {}).some((v) => f.test(v))) return false;
    } else {
      if (!get || !asStrings(get(x)).some((v) => f.test(v))) return false;
    }
  }
  return true;
}

export function applyFilters<T>(items: T[], filters: Filter[], fields: Accessors<T>, tags?: (x: T) => Record<string, string>): T[] {
  return filters.length ? items.filter((x) => matches(x, filters, fields, tags)) : items;
}
