// Query keys and options for instances: one factory, so invalidation is exact.
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { InstanceDetail, InstancePage } from "../control-plane/instances/list";
import { fetchJson } from "./fetch-json";
import { filtersToParams, type InstanceFilters } from "./instance-filters";

export const instanceKeys = {
  all: ["instances"] as const,
  lists: () => [...instanceKeys.all, "list"] as const,
  list: (f: InstanceFilters) => [...instanceKeys.lists(), f] as const,
  details: () => [...instanceKeys.all, "detail"] as const,
  detail: (id: string) => [...instanceKeys.details(), id] as const,
};

/** Poll fast only while something is moving between states. */
const FAST = 1_000;
const SLOW = 10_000;

export const instanceListQuery = (f: InstanceFilters) =>
  queryOptions({
    queryKey: instanceKeys.list(f),
    queryFn: () => fetchJson<InstancePage>(`/api/instances?${filtersToParams(f)}`),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((i) => i.transitioning) ? FAST : SLOW),
  });

export const instanceDetailQuery = (id: string) =>
  queryOptions({
    queryKey: instanceKeys.detail(id),
    queryFn: () => fetchJson<InstanceDetail>(`/api/instances/${encodeURIComponent(id)}`),
    refetchInterval: (q) => (q.state.data?.transitioning ? FAST : SLOW),
  });
