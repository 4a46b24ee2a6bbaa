"use client";
// Stacked daily bars: by category, or by the biggest groups of the breakdown.
// Clicking a day's bars drills down to the instances behind that day;
// clicking a legend entry drills down to that group. (Recharts 3 no longer
// passes the payload to the chart's click; each bar's click still has its datum.)
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CostReport } from "@/lib/control-plane/costs/report";
import { CATEGORY_LABEL } from "@/lib/billing/categories";
import { formatMoney } from "@/lib/money";

const COLORS = ["#0369a1", "#16a34a", "#ea580c", "#9333ea", "#dc2626", "#0891b2", "#ca8a04", "#4f46e5", "#94a3b8"];

/** Chart numbers are floats; money is shown from them to the cent. */
export const chartMoney = (v: number) => formatMoney(Number.isFinite(v) ? v.toFixed(6) : "0");

interface Props {
  report: CostReport;
  /** Drill down to a day (bars). */
  onDay?: (day: string) => void;
  /** Drill down to a series (legend); null when a series can't be drilled into. */
  seriesAction?: (key: string) => (() => void) | null;
  /** A fixed size for print, where a responsive container has no width to measure. */
  size?: { width: number; height: number };
  title?: string;
}

export function CostChart({ report, onDay, seriesAction, size, title }: Props) {
  const data = report.daily.map((d) => ({ day: d.day.slice(5), iso: d.day, ...Object.fromEntries(Object.entries(d.series).map(([k, v]) => [k, Number(v)])) }));
  const name = (k: string) => (report.groupBy === "category" ? ((CATEGORY_LABEL as Record<string, string>)[k] ?? k) : (report.groups.find((g) => g.key === k)?.label ?? k));
  const chart = (
    <BarChart
      data={data}
      width={size?.width}
      height={size?.height}
    >
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="day" tick={{ fontSize: 11 }} />
      <YAxis tick={{ fontSize: 11 }} tickFormatter={chartMoney} width={76} />
      {size ? null : <Tooltip formatter={(v, k) => [chartMoney(Number(v)), name(String(k))]} />}
      {report.seriesKeys.map((k, i) => (
        <Bar
          key={k}
          dataKey={k}
          name={k}
          stackId="a"
          fill={COLORS[i % COLORS.length]}
          isAnimationActive={false}
          cursor={onDay ? "pointer" : undefined}
          // The clicked rectangle's own datum: exact, whatever the tooltip was last showing.
          onClick={onDay ? (item, index) => {
            const day = (item?.payload as { iso?: string } | undefined)?.iso ?? data[index]?.iso;
            if (day) onDay(day);
          } : undefined}
        />
      ))}
    </BarChart>
  );
  return (
    <figure aria-label="Daily cost chart" className="break-inside-avoid rounded-lg bg-white p-3 ring-1 ring-zinc-200 print:p-0 print:ring-0">
      <figcaption className="mb-2 text-sm font-semibold">
        {title ?? `Cost per day (USD)${report.groupBy === "category" ? ", by category" : `, by ${report.groupBy}`}`}
      </figcaption>
      {size ? chart : <div className="h-72">{<ResponsiveContainer width="100%" height="100%">{chart}</ResponsiveContainer>}</div>}
      <ChartLegend keys={report.seriesKeys} name={name} action={seriesAction} />
      {onDay ? <p className="no-print mt-1 text-xs text-zinc-500">Click a day to see the instances behind it{seriesAction ? ", or a name in the legend to see only that group" : ""}.</p> : null}
    </figure>
  );
}

function ChartLegend({ keys, name, action }: { keys: string[]; name: (k: string) => string; action?: (key: string) => (() => void) | null }) {
  return (
    <ul aria-label="Chart legend" className="mt-2 flex flex-wrap justify-center gap-x-3 gap-y-1 text-xs">
      {keys.map((k, i) => {
        const go = action?.(k) ?? null;
        const swatch = <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: COLORS[i % COLORS.length] }} />;
        return (
          <li key={k}>
            {go ? (
              <button type="button" onClick={go} className="inline-flex items-center gap-1 rounded px-1 text-sky-800 hover:bg-sky-50 hover:underline" aria-label={`Show only ${name(k)}`}>
                {swatch}
                {name(k)}
              </button>
            ) : (
              <span className="inline-flex items-center gap-1 text-zinc-700">
                {swatch}
                {name(k)}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
