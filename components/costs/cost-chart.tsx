"use client";
// Stacked daily bars: by category, or by the biggest groups of the breakdown.
// Clicking a bar drills down to the instances behind that day (or group).
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CostReport } from "@/lib/control-plane/costs/report";
import { CATEGORY_LABEL } from "@/lib/billing/categories";

const COLORS = ["#0369a1", "#16a34a", "#ea580c", "#9333ea", "#dc2626", "#0891b2", "#ca8a04", "#4f46e5", "#94a3b8"];

export function CostChart({ report, onDay }: { report: CostReport; onDay?: (day: string) => void }) {
  const data = report.daily.map((d) => ({ day: d.day.slice(5), iso: d.day, ...Object.fromEntries(Object.entries(d.series).map(([k, v]) => [k, Number(v)])) }));
  const name = (k: string) => (report.groupBy === "category" ? (CATEGORY_LABEL as Record<string, string>)[k] ?? k : report.groups.find((g) => g.key === k)?.label ?? k);
  return (
    <figure aria-label="Daily cost chart" className="rounded-lg bg-white p-3 ring-1 ring-zinc-200">
      <figcaption className="mb-2 text-sm font-semibold">Cost per day (USD){report.groupBy === "category" ? ", by category" : `, by ${report.groupBy}`}</figcaption>
      <div className="h-72">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} onClick={(e) => {
            const p = (e as { activePayload?: { payload: { iso: string } }[] } | null)?.activePayload?.[0]?.payload;
            if (p && onDay) onDay(p.iso);
          }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} tickFormatter={(v: number) => `$${v.toLocaleString("en-US")}`} width={70} />
            <Tooltip formatter={(v, k) => [`$${Number(v).toFixed(6).replace(/0{1,4}$/, "")}`, name(String(k))]} />
            <Legend formatter={(k) => name(String(k))} wrapperStyle={{ fontSize: 12 }} />
            {report.seriesKeys.map((k, i) => (
              <Bar key={k} dataKey={k} stackId="a" fill={COLORS[i % COLORS.length]} isAnimationActive={false} cursor={onDay ? "pointer" : undefined} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      {onDay ? <p className="no-print mt-1 text-xs text-zinc-500">Click a day to see the instances behind it.</p> : null}
    </figure>
  );
}
