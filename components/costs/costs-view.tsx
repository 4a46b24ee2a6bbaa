"use client";
// The Costs page: a period (month to date by default) compared with the one
// before, totals by category and a forecast, budgets, and a breakdown by one
// dimension as a chart and a sortable table, with drill-down and CSV export.
import Link from "next/link";
import { useMemo, useState } from "react";
import { useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { createColumnHelper, flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type SortingState } from "@tanstack/react-table";
import { costReportQuery } from "@/lib/queries/costs";
import type { CostReport } from "@/lib/control-plane/costs/report";
import { denial, type Role } from "@/lib/auth/roles";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { formatUsd, parseDollars, roundToCents } from "@/lib/money";
import { Input, Select } from "@/components/ui/field";
import { CostChart } from "./cost-chart";
import { BudgetsPanel, type BudgetView, type AlertView } from "./budgets-panel";
import { addDays, periodRange, type PeriodKind } from "./period";

type Group = CostReport["groups"][number];
const col = createColumnHelper<Group>();
/** To the cent for reading; the exact amount is in the CSV and the API. */
const usd = (s: string) => formatUsd(roundToCents(parseDollars(s.replace(/^-/, "")) ?? 0n)).replace(/^/, s.startsWith("-") ? "-" : "");

const GROUP_LABEL: Record<string, string> = { category: "Category", instance: "Instance", type: "Instance type", member: "Member who launched", image: "Image", group: "Instance group", day: "Day" };

export function CostsView({ nowIso, role, tagKeys, budgets, alerts }: { nowIso: string; role: Role; tagKeys: string[]; budgets: BudgetView[]; alerts: AlertView[] }) {
  const params = useSearchParams();
  const kind = (params.get("period") as PeriodKind) || "mtd";
  const range = periodRange(kind, nowIso, params.get("from") ?? undefined, params.get("to") ?? undefined);
  const groupBy = params.get("groupBy") || "type";
  const filter = params.get("filter") || "";
  const { data, error, isFetching } = useQuery(costReportQuery({ ...range, groupBy, filter }));
  const [customFrom, setCustomFrom] = useState(range.from);
  const [customTo, setCustomTo] = useState(addDays(range.to, -1));

  function go(next: Record<string, string | null>) {
    const p = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(next)) {
      if (v === null || v === "") p.delete(k);
      else p.set(k, v);
    }
    window.history.replaceState(null, "", `?${p}`);
  }
  const drill = (f: string) => go({ filter: f, groupBy: "instance" });
  const filterFor = (g: Group) => {
    if (groupBy === "category" || g.key === "(Elastic IPs)" || (groupBy === "group" && !g.key)) return null;
    if (groupBy.startsWith("tag:")) return `tag:${groupBy.slice(4)}=${g.key}`;
    return `${groupBy}:${g.key}`;
  };

  const exportQs = new URLSearchParams({ ...range, groupBy, ...(filter ? { filter } : {}) }).toString();
  const exportDenied = denial(role, "costs.export");

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Costs</h1>
          <p className="mt-1 text-sm text-zinc-600">
            What the team&apos;s instances cost, by the instance-hour and by the GB. Times are UTC; the period ends before {range.to}.
          </p>
        </div>
        <div className="flex gap-2">
          <Link href={`/costs/review?${exportQs}`} className={buttonClass("secondary")}>
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

      <form
        aria-label="Period"
        className="flex flex-wrap items-end gap-2 rounded-lg bg-white p-3 ring-1 ring-zinc-200"
        onSubmit={(e) => {
          e.preventDefault();
          go({ period: "custom", from: customFrom, to: addDays(customTo, 1) });
        }}
      >
        <div>
          <label htmlFor="period" className="block text-xs font-medium text-zinc-600">Period</label>
          <Select id="period" value={kind} onChange={(e) => go({ period: e.target.value, from: null, to: null })} className="w-48">
            <option value="mtd">This month (to date)</option>
            <option value="last">Last month</option>
            <option value="custom">Custom</option>
          </Select>
        </div>
        {kind === "custom" ? (
          <>
            <div>
              <label htmlFor="from" className="block text-xs font-medium text-zinc-600">From</label>
              <Input id="from" type="date" value={customFrom} onChange={(e) => setCustomFrom(e.target.value)} />
            </div>
            <div>
              <label htmlFor="to" className="block text-xs font-medium text-zinc-600">To (included)</label>
              <Input id="to" type="date" value={customTo} onChange={(e) => setCustomTo(e.target.value)} />
            </div>
            <Button type="submit">Apply</Button>
          </>
        ) : null}
        <div>
          <label htmlFor="group-by" className="block text-xs font-medium text-zinc-600">Break down by</label>
          <Select id="group-by" value={groupBy} onChange={(e) => go({ groupBy: e.target.value })} className="w-52">
            {Object.entries(GROUP_LABEL).map(([k, l]) => (
              <option key={k} value={k}>{l}</option>
            ))}
            {tagKeys.map((k) => (
              <option key={k} value={`tag:${k}`}>Tag: {k}</option>
            ))}
          </Select>
        </div>
        {filter ? (
          <p className="flex items-center gap-2 rounded bg-sky-50 px-2 py-1 text-sm text-sky-900 ring-1 ring-sky-200">
            Showing only <strong>{filter}</strong>
            <button type="button" className="underline" onClick={() => go({ filter: null })}>
              Clear filter
            </button>
          </p>
        ) : null}
        {isFetching ? <span className="text-xs text-zinc-500">Updating…</span> : null}
      </form>

      {error ? <Alert tone="error">{error.message}</Alert> : null}
      {data ? <Summary report={data} /> : <p>Loading…</p>}

      <BudgetsPanel budgets={budgets} alerts={alerts} role={role} />

      {data ? (
        <>
          <CostChart report={data} onDay={(day) => go({ filter: `day:${day}`, groupBy: "instance" })} />
          <Breakdown report={data} onDrill={(g) => {
            const f = filterFor(g);
            if (f) drill(f);
          }} canDrill={(g) => filterFor(g) !== null} />
        </>
      ) : null}
    </div>
  );
}

function Summary({ report }: { report: CostReport }) {
  const t = report.totals;
  const cards = [
    { label: "Total", value: usd(t.total), exact: t.total, note: report.previous ? change(report.previous) : null },
    { label: "Instance-hours", value: usd(t.compute), exact: t.compute, note: `${t.hours.toLocaleString("en-US")} hours` },
    { label: "Data in", value: usd(t.transferIn), exact: t.transferIn, note: `${Number(t.gbIn).toLocaleString("en-US", { maximumFractionDigits: 3 })} GB` },
    { label: "Data out", value: usd(t.transferOut), exact: t.transferOut, note: `${Number(t.gbOut).toLocaleString("en-US", { maximumFractionDigits: 3 })} GB · between instances ${Number(t.gbInternal).toLocaleString("en-US", { maximumFractionDigits: 3 })} GB free` },
    { label: "Elastic IPs", value: usd(t.eip), exact: t.eip, note: `${t.eipHours.toLocaleString("en-US")} idle hours` },
  ];
  return (
    <section aria-label="Totals" className="space-y-2">
      <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        {cards.map((c) => (
          <div key={c.label} className="rounded-lg bg-white p-3 ring-1 ring-zinc-200">
            <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{c.label}</dt>
            <dd className="mt-1 text-xl font-semibold tabular-nums" title={c.exact ? `exactly $${c.exact}` : undefined}>{c.value}</dd>
            {c.note ? <dd className="text-xs text-zinc-500">{c.note}</dd> : null}
          </div>
        ))}
      </dl>
      {report.forecast ? (
        <p className="text-sm text-zinc-700" data-testid="forecast">
          Month-end forecast for {report.forecast.month}: <strong>{usd(report.forecast.forecast)}</strong> (spent so far {usd(report.forecast.actual)}; the rest from the instances running now and this month&apos;s run rate). Billing: {report.billingMode}.
        </p>
      ) : null}
    </section>
  );
}

function change(p: NonNullable<CostReport["previous"]>): string {
  const sign = p.change.startsWith("-") ? "−" : "+";
  const abs = usd(p.change.replace(/^-/, ""));
  return `${sign}${abs} vs ${p.from} → ${p.to}${p.changePercent === null ? "" : ` (${p.changePercent > 0 ? "+" : ""}${p.changePercent}%)`}`;
}

function Breakdown({ report, onDrill, canDrill }: { report: CostReport; onDrill: (g: Group) => void; canDrill: (g: Group) => boolean }) {
  const [sorting, setSorting] = useState<SortingState>([{ id: "total", desc: true }]);
  const num = (id: keyof Group, header: string, fmt: (v: string) => string = usd) =>
    col.accessor((g) => Number(g[id]), { id, header, cell: (c) => <span className="tabular-nums" title={fmt === usd ? `exactly $${c.row.original[id]}` : undefined}>{fmt(String(c.row.original[id]))}</span> });
  const columns = useMemo(
    () => [
      col.accessor("label", {
        header: GROUP_LABEL[report.groupBy] ?? `Tag ${report.groupBy.slice(4)}`,
        cell: (c) =>
          canDrill(c.row.original) ? (
            <button type="button" className="text-left text-sky-800 hover:underline" onClick={() => onDrill(c.row.original)}>
              {c.getValue()}
            </button>
          ) : (
            c.getValue()
          ),
      }),
      num("hours", "Instance-hours", (v) => Number(v).toLocaleString("en-US")),
      num("compute", "Compute"),
      num("gbIn", "GB in", (v) => Number(v).toLocaleString("en-US", { maximumFractionDigits: 3 })),
      num("transferIn", "Data in"),
      num("gbOut", "GB out", (v) => Number(v).toLocaleString("en-US", { maximumFractionDigits: 3 })),
      num("transferOut", "Data out"),
      num("eip", "Elastic IPs"),
      num("total", "Total"),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [report.groupBy],
  );
  const table = useReactTable({ data: report.groups, columns, state: { sorting }, onSortingChange: setSorting, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel() });
  return (
    <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-zinc-200">
      <table aria-label="Cost breakdown" className="min-w-full divide-y divide-zinc-200 text-sm">
        <thead className="bg-zinc-50">
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => {
                const s = h.column.getIsSorted();
                return (
                  <th key={h.id} scope="col" aria-sort={s === "asc" ? "ascending" : s === "desc" ? "descending" : undefined} className="whitespace-nowrap px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-zinc-600">
                    <button type="button" onClick={h.column.getToggleSortingHandler()} className="uppercase hover:text-zinc-900">
                      {flexRender(h.column.columnDef.header, h.getContext())} <span aria-hidden>{s === "asc" ? "▲" : s === "desc" ? "▼" : ""}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {table.getRowModel().rows.map((r) => (
            <tr key={r.id}>
              {r.getVisibleCells().map((c) => (
                <td key={c.id} className="whitespace-nowrap px-3 py-2">
                  {flexRender(c.column.columnDef.cell, c.getContext())}
                </td>
              ))}
            </tr>
          ))}
          {report.groups.length === 0 ? (
            <tr>
              <td colSpan={9} className="px-3 py-8 text-center text-zinc-500">Nothing was billed in this period.</td>
            </tr>
          ) : null}
        </tbody>
        <caption className="caption-bottom px-3 py-2 text-left text-xs text-zinc-500">Amounts are shown to the cent; hover for the exact amount, or export the CSV.</caption>
        <tfoot className="bg-zinc-50 font-semibold">
          <tr>
            <td className="px-3 py-2">Total</td>
            <td className="px-3 py-2 tabular-nums">{report.totals.hours.toLocaleString("en-US")}</td>
            <td className="px-3 py-2 tabular-nums">{usd(report.totals.compute)}</td>
            <td className="px-3 py-2" />
            <td className="px-3 py-2 tabular-nums">{usd(report.totals.transferIn)}</td>
            <td className="px-3 py-2" />
            <td className="px-3 py-2 tabular-nums">{usd(report.totals.transferOut)}</td>
            <td className="px-3 py-2 tabular-nums">{usd(report.totals.eip)}</td>
            <td className="px-3 py-2 tabular-nums">{usd(report.totals.total)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
