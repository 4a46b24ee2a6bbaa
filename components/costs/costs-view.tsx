"use client";
// The Costs page: a period (month to date by default) compared with the
// calendar period before, totals by category and a forecast, budgets, and a
// breakdown by one dimension as a chart and a sortable table, with drill-down
// and CSV export. Period, breakdown and drill-down live in the URL.
import Link from "next/link";
import { useCallback } from "react";
import { useQuery } from "@tanstack/react-query";
import { costReportQuery } from "@/lib/queries/costs";
import type { CostReport } from "@/lib/control-plane/costs/report";
import { periodRange } from "@/lib/control-plane/costs/periods";
import { denial, type Role } from "@/lib/auth/roles";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { useUrlState } from "@/components/ui/use-url-state";
import { CostChart } from "./cost-chart";
import { CostSummary } from "./cost-summary";
import { BreakdownTable, GROUP_LABEL } from "./breakdown-table";
import { BudgetsPanel, type BudgetView, type AlertView } from "./budgets-panel";
import { PeriodPicker, isPeriodKind } from "./period-picker";

const EIP_GROUP = "(Elastic IPs)";

export function CostsView({ nowIso, role, tagKeys, budgets, alerts }: { nowIso: string; role: Role; tagKeys: string[]; budgets: BudgetView[]; alerts: AlertView[] }) {
  const { params, set } = useUrlState();
  const rawKind = params.get("period");
  const kind = isPeriodKind(rawKind) ? rawKind : "mtd";
  const range = periodRange(kind, nowIso, { month: params.get("month") ?? undefined, quarter: params.get("quarter") ?? undefined, from: params.get("from") ?? undefined, to: params.get("to") ?? undefined });
  const groupBy = params.get("groupBy") || "type";
  const filter = params.get("filter") || "";
  const { data, error, isFetching } = useQuery(costReportQuery({ ...range, groupBy, filter }));

  const drill = useCallback((f: string) => () => set({ filter: f, groupBy: "instance" }), [set]);
  /** The filter that shows the instances behind a group (none for categories, "Other" and Elastic IPs). */
  const filterFor = useCallback(
    (key: string) => {
      if (groupBy === "category" || key === EIP_GROUP || key === "Other" || (groupBy === "group" && !key)) return null;
      if (groupBy.startsWith("tag:")) return `tag:${groupBy.slice(4)}=${key}`;
      return `${groupBy}:${key}`;
    },
    [groupBy],
  );
  const onDrillGroup = useCallback((g: CostReport["groups"][number]) => {
    const f = filterFor(g.key);
    return f ? drill(f) : null;
  }, [filterFor, drill]);
  const onSeries = useCallback((key: string) => {
    const f = filterFor(key);
    return f ? drill(f) : null;
  }, [filterFor, drill]);

  const exportQs = new URLSearchParams({ ...range, groupBy, ...(filter ? { filter } : {}) }).toString();
  // The review keeps the page's own parameters too, so its Back link returns to this very view.
  const reviewQs = new URLSearchParams({ ...Object.fromEntries(params.entries()), ...range, groupBy, ...(filter ? { filter } : {}) }).toString();
  const exportDenied = denial(role, "costs.export");

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight">Costs</h1>
          <p className="mt-1 text-sm text-zinc-600">
            What the team&apos;s instances cost, by the instance-hour and by the GB. Times are UTC; the period ends before {range.to}.
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href={`/costs/review?${reviewQs}`} className={buttonClass("secondary")}>
            Review (print)
          </Link>
          {exportDenied ? (
            <Button disabledReason={exportDenied}>Export CSV</Button>
          ) : (
            <a href={`/api/costs/export?${exportQs}`} download className={buttonClass("secondary")}>
              Export CSV
            </a>
          )}
        </div>
      </div>

      <div role="group" aria-label="Report options" className="flex flex-wrap items-end gap-2 rounded-lg bg-white p-3 ring-1 ring-zinc-200">
        <PeriodPicker kind={kind} range={range} nowIso={nowIso} month={params.get("month")} quarter={params.get("quarter")} onChange={set} />
        <div>
          <label htmlFor="group-by" className="block text-xs font-medium text-zinc-600">
            Break down by
          </label>
          <Select id="group-by" value={groupBy} onChange={(e) => set({ groupBy: e.target.value })} className="w-52">
            {Object.entries(GROUP_LABEL).map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
            {tagKeys.map((k) => (
              <option key={k} value={`tag:${k}`}>
                Tag: {k}
              </option>
            ))}
          </Select>
        </div>
        {filter ? (
          <p className="flex min-w-0 flex-wrap items-center gap-2 rounded bg-sky-50 px-2 py-1 text-sm break-all text-sky-900 ring-1 ring-sky-200">
            Showing only <strong>{filter}</strong>
            <button type="button" className="underline" onClick={() => set({ filter: null })}>
              Clear filter
            </button>
          </p>
        ) : null}
        {isFetching ? <span className="text-xs text-zinc-500">Updating…</span> : null}
      </div>

      {error ? <Alert tone="error">{error.message}</Alert> : null}
      {data ? <CostSummary report={data} /> : <p>Loading…</p>}

      <BudgetsPanel budgets={budgets} alerts={alerts} role={role} />

      {data ? (
        <>
          <CostChart report={data} onDay={(day) => set({ filter: `day:${day}`, groupBy: "instance" })} seriesAction={onSeries} />
          <BreakdownTable report={data} onDrill={onDrillGroup} />
        </>
      ) : null}
    </div>
  );
}
