// Instance list filters <-> URL search params, so every view of the table has
// an address. Shared by the page (server) and the table (client).
import { STATES, type InstanceState } from "../instance-state";

export const SORT_KEYS = ["id", "name", "imageId", "instanceType", "state", "publicIp", "privateIp", "launchedAt", "keyName"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface InstanceFilters {
  states: InstanceState[];
  types: string[];
  imageIds: string[];
  tags: string[];
  q: string;
  sort: SortKey;
  dir: "asc" | "desc";
  page: number;
}

export const DEFAULT_FILTERS: InstanceFilters = { states: [], types: [], imageIds: [], tags: [], q: "", sort: "launchedAt", dir: "desc", page: 1 };

type ParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function all(p: ParamsLike, key: string): string[] {
  const raw = p instanceof URLSearchParams ? p.getAll(key) : ([] as string[]).concat(p[key] ?? []);
  return raw.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
}

export function filtersFromParams(p: ParamsLike): InstanceFilters {
  const one = (k: string) => all(p, k)[0];
  const sort = one("sort");
  const page = Number(one("page") ?? 1);
  return {
    states: all(p, "state").filter((s): s is InstanceState => (STATES as readonly string[]).includes(s)),
    types: all(p, "type"),
    imageIds: all(p, "image"),
    tags: p instanceof URLSearchParams ? p.getAll("tag").filter(Boolean) : ([] as string[]).concat(p.tag ?? []).filter(Boolean),
    q: (p instanceof URLSearchParams ? p.get("q") : ([] as string[]).concat(p.q ?? [])[0]) ?? "",
    sort: (SORT_KEYS as readonly string[]).includes(sort ?? "") ? (sort as SortKey) : DEFAULT_FILTERS.sort,
    dir: one("dir") === "asc" ? "asc" : "desc",
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export function filtersToParams(f: InstanceFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.states.length) p.set("state", f.states.join(","));
  if (f.types.length) p.set("type", f.types.join(","));
  if (f.imageIds.length) p.set("image", f.imageIds.join(","));
  for (const t of f.tags) p.append("tag", t);
  if (f.q) p.set("q", f.q);
  if (f.sort !== DEFAULT_FILTERS.sort || f.dir !== DEFAULT_FILTERS.dir) {
    p.set("sort", f.sort);
    p.set("dir", f.dir);
  }
  if (f.page > 1) p.set("page", String(f.page));
  return p;
}

/** The list verb's input for these filters. */
export function listInput(f: InstanceFilters) {
  return { states: f.states, types: f.types, imageIds: f.imageIds, tags: f.tags, q: f.q, sort: f.sort, dir: f.dir, page: f.page, pageSize: 50 };
}
