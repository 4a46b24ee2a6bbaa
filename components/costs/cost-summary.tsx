// The totals of a cost report as cards, the comparison with the previous
// period, and the month-end forecast. Amounts to the cent; exact on hover.
import type { CostReport } from "@/lib/control-plane/costs/report";
import { formatAmount, formatMoney, shownPartsSum } from "@/lib/money";

const num = (v: number | string, places = 3) => Number(v).toLocaleString("en-US", { maximumFractionDigits: places });

export function CostSummary({ report }: { report: CostReport }) {
  const t = report.totals;
  const cards = [
    { label: "Total", value: t.total, note: `${report.label}` },
    { label: "Instance-hours", value: t.compute, note: `${num(t.hours)} hours` },
    { label: "Data in", value: t.transferIn, note: `${num(t.gbIn)} GB` },
    { label: "Data out", value: t.transferOut, note: `${num(t.gbOut)} GB · between instances ${num(t.gbInternal)} GB free` },
    { label: "Elastic IPs", value: t.eip, note: `${num(t.eipHours)} idle hours` },
  ];
  const partsSum = shownPartsSum(t.total, [t.compute, t.transferIn, t.transferOut, t.eip]);
  return (
    <section aria-label="Totals" className="space-y-2">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-5">
        {cards.map((c) => (
          <div key={c.label} className="min-w-0 rounded-lg bg-white p-3 ring-1 ring-zinc-200 first:col-span-2 lg:first:col-span-1">
            <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{c.label}</dt>
            <dd className="mt-1 text-xl font-semibold tabular-nums" title={`exactly $${c.value}`}>
              {formatAmount(c.value)}
            </dd>
            <dd className="text-xs break-words text-zinc-500">{c.note}</dd>
          </div>
        ))}
      </dl>
      {partsSum !== null ? (
        <p className="text-xs text-zinc-600" data-testid="rounding-note">
          Each card is rounded to the cent, so the cards add up to {formatMoney(partsSum)}; the total is the exact sum of every charge (${t.total}), rounded once.
        </p>
      ) : null}
      {report.previous ? <Comparison report={report} /> : null}
      {report.forecast ? (
        <p className="text-sm text-zinc-700" data-testid="forecast">
          Month-end forecast for {report.forecast.month}: <strong>{formatMoney(report.forecast.forecast)}</strong> (spent so far {formatMoney(report.forecast.actual)}; the rest from the
          instances running now and this month&apos;s run rate). Billing: {report.billingMode}.
        </p>
      ) : null}
    </section>
  );
}

/** "+$12.34 (+8.5%) vs November 2026 ($145.00)". */
export function Comparison({ report }: { report: CostReport }) {
  const p = report.previous!;
  const up = !p.change.startsWith("-");
  const pct = p.changePercent === null ? "" : ` (${p.changePercent > 0 ? "+" : ""}${p.changePercent.toLocaleString("en-US")}%)`;
  return (
    <p className="text-sm text-zinc-700" data-testid="comparison">
      Compared with <strong>{p.label}</strong> ({formatMoney(p.total)}):{" "}
      <strong className={up ? "text-red-800" : "text-emerald-800"}>
        {up ? "+" : "−"}
        {formatMoney(p.change.replace(/^-/, ""))}
        {pct}
      </strong>
      .
    </p>
  );
}
