// Query keys and options for costs.
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { CostReport } from "../control-plane/costs/report";
import { fetchJson } from "./fetch-json";

export interface CostParams {
  from: string;
  to: string;
  groupBy: string;
  filter: string;
}

export const costKeys = {
  all: ["costs"] as const,
  report: (p: CostParams) => [...costKeys.all, "report", p] as const,
  instance: (id: string) => [...costKeys.all, "instance", id] as const,
};

export const costReportQuery = (p: CostParams) =>
  queryOptions({
    queryKey: costKeys.report(p),
    queryFn: () => fetchJson<CostReport>(`/api/costs?${new URLSearchParams({ from: p.from, to: p.to, groupBy: p.groupBy, ...(p.filter ? { filter: p.filter } : {}) })}`),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
