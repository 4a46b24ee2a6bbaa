"use client";
// The breakdown of a cost report by one dimension: a sortable table whose
// group names drill down to the instances behind them.
import { useMemo, useState } from "react";
import { createColumnHelper, flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type SortingState } from "@tanstack/react-table";
import type { CostReport } from "@/lib/control-plane/costs/report";
import { formatAmount } from "@/lib/money";

type Group = CostReport["groups"][number];
const col = createColumnHelper<Group>();
const gb = (v: string) => Number(v).toLocaleString("en-US", { maximumFractionDigits: 3 });

export const GROUP_LABEL: Record<string, string> = { category: "Category", instance: "Instance", type: "Instance type", member: "Member who launched", image: "Image", group: "Instance group", day: "Day" };

export function BreakdownTable({ report, onDrill }: { report: CostReport; onDrill: (g: Group) => (() => void) | null }) {
  const [sorting, setSorting] = useState<SortingState>([{ id: "total", desc: true }]);
  const columns = useMemo(() => {
    const money = (id: keyof Group, header: string) =>
      col.accessor((g) => Number(g[id]), { id, header, cell: (c) => <span className="tabular-nums" title={`exactly $${c.row.original[id]}`}>{formatAmount(String(c.row.original[id]))}</span> });
    const plain = (id: keyof Group, header: string, fmt: (v: string) => string) => col.accessor((g) => Number(g[id]), { id, header, cell: (c) => <span className="tabular-nums">{fmt(String(c.row.original[id]))}</span> });
    return [
      col.accessor("label", {
        header: GROUP_LABEL[report.groupBy] ?? `Tag ${report.groupBy.slice(4)}`,
        cell: (c) => {
          const go = onDrill(c.row.original);
          return go ? (
            <button type="button" className="text-left text-sky-800 hover:underline" onClick={go}>
              {c.getValue()}
            </button>
          ) : (
            c.getValue()
          );
        },
      }),
      plain("hours", "Instance-hours", (v) => Number(v).toLocaleString("en-US")),
      money("compute", "Compute"),
      plain("gbIn", "GB in", gb),
      money("transferIn", "Data in"),
      plain("gbOut", "GB out", gb),
      money("transferOut", "Data out"),
      money("eip", "Elastic IPs"),
      money("total", "Total"),
    ];
  }, [report.groupBy, onDrill]);
  const table = useReactTable({ data: report.groups, columns, state: { sorting }, onSortingChange: setSorting, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel() });
  const t = report.totals;
  return (
    <div className="relative max-w-full overflow-x-auto rounded-lg bg-white ring-1 ring-zinc-200">
      <table aria-label="Cost breakdown" className="min-w-full divide-y divide-zinc-200 text-sm">
        <thead className="bg-zinc-50">
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => {
                const s = h.column.getIsSorted();
                return (
                  <th key={h.id} scope="col" aria-sort={s === "asc" ? "ascending" : s === "desc" ? "descending" : undefined} className="px-3 py-2 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-zinc-600 uppercase">
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
                <td key={c.id} className="px-3 py-2 whitespace-nowrap">
                  {flexRender(c.column.columnDef.cell, c.getContext())}
                </td>
              ))}
            </tr>
          ))}
          {report.groups.length === 0 ? (
            <tr>
              <td colSpan={9} className="px-3 py-8 text-center text-zinc-500">
                Nothing was billed in this period.
              </td>
            </tr>
          ) : null}
        </tbody>
        <caption className="caption-bottom px-3 py-2 text-left text-xs text-zinc-500">Amounts are shown to the cent; hover for the exact amount, or export the CSV.</caption>
        <tfoot className="bg-zinc-50 font-semibold">
          <tr>
            <td className="px-3 py-2">Total</td>
            <td className="px-3 py-2 tabular-nums">{t.hours.toLocaleString("en-US")}</td>
            <td className="px-3 py-2 tabular-nums">{formatAmount(t.compute)}</td>
            <td className="px-3 py-2" />
            <td className="px-3 py-2 tabular-nums">{formatAmount(t.transferIn)}</td>
            <td className="px-3 py-2" />
            <td className="px-3 py-2 tabular-nums">{formatAmount(t.transferOut)}</td>
            <td className="px-3 py-2 tabular-nums">{formatAmount(t.eip)}</td>
            <td className="px-3 py-2 tabular-nums">{formatAmount(t.total)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
