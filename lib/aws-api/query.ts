// The EC2 Query protocol's parameters: "InstanceId.1=…", "Filter.1.Name=…",
// "IpPermissions.1.IpRanges.2.CidrIp=…" become nested values with lists.
// The names are the client's: every level is a prototype-free object, and the
// names of Object's own machinery are refused outright.
import { ServiceError } from "../errors";
import { bare } from "../own";

export type Param = string | Param[] | { [k: string]: Param };
export type Params = { [k: string]: Param };

function malformed(key: string, why: string): ServiceError {
  const shown = key.length > 100 ? `${key.slice(0, 100)}…` : key;
  return new ServiceError("InvalidParameterValue", `Malformed parameter "${shown}": ${why}.`);
}

/** Segments no EC2 parameter has, and which would reach Object.prototype through a plain object. */
const RESERVED = new Set(["__proto__", "constructor", "prototype"]);

export function parseParams(form: URLSearchParams): Params {
  const root: Params = bare();
  for (const [key, value] of form) {
    const parts = key.split(".");
    if (parts.some((p) => p === "")) throw malformed(key, "empty name segment");
    const reserved = parts.find((p) => RESERVED.has(p));
    if (reserved !== undefined) throw malformed(key, `"${reserved}" is not a parameter name`);
    let node: Params = root;
    parts.forEach((part, i) => {
      if (/^\d+$/.test(part) && (part === "0" || part.startsWith("0") || Number(part) > 10_000)) throw malformed(key, `list indexes start at 1 (got ${part})`);
      const last = i === parts.length - 1;
      const cur = node[part];
      if (last) {
        if (cur !== undefined && typeof cur !== "string") throw malformed(key, "given both as a value and as a list or structure");
        if (cur !== undefined) throw malformed(key, "given twice");
        node[part] = value;
      } else {
        if (typeof cur === "string") throw malformed(key, "given both as a value and as a list or structure");
        node = (node[part] ??= bare<Param>()) as Params;
      }
    });
  }
  return listify(root) as Params;
}

/** Objects whose keys are all list indexes become arrays, in index order. */
function listify(p: Param): Param {
  if (typeof p === "string" || Array.isArray(p)) return p;
  const keys = Object.keys(p);
  if (keys.length && keys.every((k) => /^\d+$/.test(k)))
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => listify(p[k]));
  const out: Params = bare();
  for (const k of keys) out[k] = listify(p[k]);
  return out;
}

/** A single value; an empty one means absent, as EC2 treats optional parameters. */
export function str(p: Params | undefined, name: string): string | undefined {
  const v = p?.[name];
  if (v === undefined || v === "") return undefined;
  if (typeof v !== "string") throw new ServiceError("InvalidParameterValue", `Parameter ${name} must be a single value.`);
  return v;
}

export function required(p: Params, name: string): string {
  const v = str(p, name);
  if (v === undefined || v === "") throw new ServiceError("MissingParameter", `The request must contain the parameter ${name}`);
  return v;
}

export function int(p: Params, name: string, opts: { min?: number; max?: number } = {}): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw new ServiceError("InvalidParameterValue", `Invalid value '${v}' for ${name}: it must be an integer.`);
  const n = Number(v);
  if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max))
    throw new ServiceError("InvalidParameterValue", `Invalid value '${v}' for ${name}: it must be between ${opts.min ?? "-∞"} and ${opts.max ?? "∞"}.`);
  return n;
}

export function bool(p: Params, name: string): boolean | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  if (v !== "true" && v !== "false") throw new ServiceError("InvalidParameterValue", `Invalid value '${v}' for ${name}: it must be true or false.`);
  return v === "true";
}

/** A list of values: Name.1, Name.2, … */
export function list(p: Params | undefined, name: string): string[] {
  const v = p?.[name];
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new ServiceError("InvalidParameterValue", `Parameter ${name} must be a list: ${name}.1, ${name}.2, …`);
  return v as string[];
}

/** A list of structures: Name.1.Field, … */
export function structs(p: Params | undefined, name: string): Params[] {
  const v = p?.[name];
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "object" || Array.isArray(x))) throw new ServiceError("InvalidParameterValue", `Parameter ${name} must be a list of structures: ${name}.1.Field, …`);
  return v as Params[];
}

export function struct(p: Params | undefined, name: string): Params | undefined {
  const v = p?.[name];
  if (v === undefined) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw new ServiceError("InvalidParameterValue", `Parameter ${name} must be a structure: ${name}.Field=…`);
  return v as Params;
}

/** EC2's limits on filters: 200 values in a call, each at most 255 characters (applied by ec2/filtering.ts). */
export const FILTER_LIMITS = { values: 200, length: 255 };
