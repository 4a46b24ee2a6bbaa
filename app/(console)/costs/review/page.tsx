// The review view for cost meetings: the period and what it is compared
// with, totals by category against the previous period, the forecast, the top
// 10 spenders and two charts, laid out to print on A4 and Letter alike.
import Link from "next/link";
import { requireCtx } from "@/lib/auth/request";
import { denial } from "@/lib/auth/roles";
import { Denied } from "@/components/ui/denied";
import { costReport } from "@/lib/control-plane/costs/report";
import { reviewRange } from "@/lib/control-plane/costs/periods";
import { PrintButton } from "@/components/costs/print-button";
import { ReviewCharts } from "@/components/costs/review-charts";
import { Alert } from "@/components/ui/alert";
import { isServiceError } from "@/lib/errors";
import { decimalToMicros, formatMoney } from "@/lib/money";
import { addDays, formatUtc } from "@/lib/time";
import { CATEGORIES, CATEGORY_LABEL } from "@/lib/billing/categories";

export const metadata = { title: "Cost review" };

const money = (v: string) => formatMoney(v);
const cell = "py-1 text-right tabular-nums";

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireCtx();
  const reason = denial(ctx.role, "costs.read");
  if (reason) return <Denied title="Cost review" reason={reason} />;
  const sp = await searchParams;
  const now = ctx.clock.now().toISOString();
  const range = reviewRange(sp, now);
  const back = new URLSearchParams(Object.entries(sp).filter((e): e is [string, string] => typeof e[1] === "string")).toString();
  let byCategory, byInstance, byType;
  try {
    [byCategory, byInstance, byType] = await Promise.all([
      costReport({ ctx, input: { ...range, groupBy: "category", filter: sp.filter } }),
      costReport({ ctx, input: { ...range, groupBy: "instance", filter: sp.filter, compare: false } }),
      costReport({ ctx, input: { ...range, groupBy: "type", filter: sp.filter, compare: false } }),
    ]);
  } catch (e) {
    if (!isServiceError(e)) throw e;
    return <Alert tone="error">{e.message}</Alert>;
  }
  const prev = byCategory.previous;
  const t = byCategory.totals;
  const pct = (cur: string, before: string) => {
    const a = Number(cur);
    const b = Number(before);
    return b === 0 ? "—" : `${a >= b ? "+" : "−"}${Math.abs(((a - b) / b) * 100).toLocaleString("en-US", { maximumFractionDigits: 1 })}%`;
  };
  // Exact: the difference of two micro-dollar amounts, then rounded once for reading.
  const micros = (s: string) => decimalToMicros(s) ?? 0n;
  const diff = (cur: string, before: string) => {
    const d = micros(cur) - micros(before);
    return `${d >= 0n ? "+" : "−"}${formatMoney(d < 0n ? -d : d)}`;
  };
  return (
    <article className="review mx-auto max-w-4xl space-y-6 bg-white p-4 text-zinc-900 sm:p-6 print:max-w-none print:space-y-4 print:p-0">
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-zinc-200 pb-3">
        <div className="min-w-0">
          <p className="text-sm text-zinc-500">Stratus cost review · {ctx.team.name}</p>
          <h1 className="text-2xl font-semibold">{byCategory.label}</h1>
          <p className="text-sm text-zinc-600">
            {byCategory.from} to {addDays(byCategory.to, -1)} (UTC days){byCategory.filter ? `, only ${byCategory.filter}` : ""}; prepared {formatUtc(now)}; billing {byCategory.billingMode}.
          </p>
        </div>
        <div className="no-print flex items-center gap-3">
          <Link href={`/costs?${back}`} className="text-sm text-sky-800 underline">
            Back to costs
          </Link>
          <PrintButton />
        </div>
      </header>

      <section aria-label="Totals" className="break-inside-avoid">
        <h2 className="mb-2 text-lg font-semibold">Totals{prev ? ` against ${prev.label}` : ""}</h2>
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-zinc-300 text-left text-xs text-zinc-500 uppercase">
              <th scope="col" className="py-1">
                Category
              </th>
              <th scope="col" className="py-1 text-right">
                {byCategory.label}
              </th>
              {prev ? (
                <>
                  <th scope="col" className="py-1 text-right">
                    {prev.label}
                  </th>
                  <th scope="col" className="py-1 text-right">
                    Change
                  </th>
                </>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {CATEGORIES.map((c) => (
              <tr key={c} className="border-b border-zinc-100">
                <th scope="row" className="py-1 text-left font-normal">
                  {CATEGORY_LABEL[c]}
                </th>
                <td className={cell}>{money(t[c])}</td>
                {prev ? (
                  <>
                    <td className={cell}>{money(prev[c])}</td>
                    <td className={cell}>{diff(t[c], prev[c])}</td>
                  </>
                ) : null}
              </tr>
            ))}
            <tr className="font-semibold">
              <th scope="row" className="py-1 text-left">
                Total
              </th>
              <td className={cell}>{money(t.total)}</td>
              {prev ? (
                <>
                  <td className={cell}>{money(prev.total)}</td>
                  <td className={cell}>
                    {diff(t.total, prev.total)} ({pct(t.total, prev.total)})
                  </td>
                </>
              ) : null}
            </tr>
          </tbody>
        </table>
        <p className="mt-2 text-sm text-zinc-600" data-testid="review-comparison">
          {prev ? `Compared with ${prev.label}${/^\d/.test(prev.label) ? "" : ` (${prev.from} to ${addDays(prev.to, -1)})`}: ${money(prev.total)} then, ${money(t.total)} now. ` : ""}
          {byCategory.forecast ? `Forecast for ${byCategory.forecast.month}: ${money(byCategory.forecast.forecast)}.` : ""}
        </p>
      </section>

      <section aria-label="Top 10 spenders" className="break-inside-avoid">
        <h2 className="mb-2 text-lg font-semibold">Top 10 spenders</h2>
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-zinc-300 text-left text-xs text-zinc-500 uppercase">
              <th scope="col" className="py-1">
                Instance
              </th>
              <th scope="col" className="py-1 text-right">
                Hours
              </th>
              <th scope="col" className="py-1 text-right">
                Compute
              </th>
              <th scope="col" className="py-1 text-right">
                Data
              </th>
              <th scope="col" className="py-1 text-right">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {byInstance.groups.slice(0, 10).map((g) => (
              <tr key={g.key} className="border-b border-zinc-100">
                <td className="py-1 pr-2 break-all">{g.label}</td>
                <td className={cell}>{g.hours.toLocaleString("en-US")}</td>
                <td className={cell}>{money(g.compute)}</td>
                <td className={cell}>{formatMoney(micros(g.transferIn) + micros(g.transferOut))}</td>
                <td className={`${cell} font-medium`}>{money(g.total)}</td>
              </tr>
            ))}
            {byInstance.groups.length === 0 ? (
              <tr>
                <td colSpan={5} className="py-3 text-center text-zinc-500">
                  Nothing was billed in this period.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </section>

      <ReviewCharts byCategory={byCategory} byType={byType} />

      <section aria-label="By instance type" className="break-inside-avoid">
        <h2 className="mb-2 text-lg font-semibold">By instance type</h2>
        <table className="w-full text-sm">
          <tbody>
            {byType.groups.map((g) => (
              <tr key={g.key} className="border-b border-zinc-100">
                <th scope="row" className="py-1 text-left font-normal">
                  {g.label}
                </th>
                <td className={cell}>{g.hours.toLocaleString("en-US")} h</td>
                <td className={cell}>{money(g.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}
