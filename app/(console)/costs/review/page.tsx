// The review view for cost meetings: the period, totals, the top 10
// spenders, the daily chart and the types, on a clean page that prints well.
import Link from "next/link";
import { requireCtx } from "@/lib/auth/request";
import { denial } from "@/lib/auth/roles";
import { Denied } from "@/components/ui/denied";
import { costReport, CATEGORY_LABEL, CATEGORIES } from "@/lib/control-plane/costs/report";
import { periodRange } from "@/components/costs/period";
import { CostChart } from "@/components/costs/cost-chart";
import { PrintButton } from "@/components/costs/print-button";
import { Alert } from "@/components/ui/alert";
import { isServiceError } from "@/lib/errors";

export const metadata = { title: "Cost review" };

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireCtx();
  const reason = denial(ctx.role, "costs.read");
  if (reason) return <Denied title="Cost review" reason={reason} />;
  const sp = await searchParams;
  const range = sp.from && sp.to ? { from: sp.from, to: sp.to } : periodRange("mtd", ctx.clock.now().toISOString());
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
  const last = new Date(Date.parse(`${byCategory.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return (
    <article className="mx-auto max-w-4xl space-y-6 bg-white p-6 print:p-0">
      <header className="flex items-start justify-between">
        <div>
          <p className="text-sm text-zinc-500">Stratus cost review · {ctx.team.name}</p>
          <h1 className="text-2xl font-semibold">
            {byCategory.from} to {last}
          </h1>
          <p className="text-sm text-zinc-600">
            UTC days{byCategory.filter ? `, only ${byCategory.filter}` : ""}; prepared {ctx.clock.now().toISOString().slice(0, 16).replace("T", " ")} UTC; billing {byCategory.billingMode}.
          </p>
        </div>
        <div className="flex gap-2">
          <Link href="/costs" className="no-print text-sm text-sky-800 underline">
            Back to costs
          </Link>
          <PrintButton />
        </div>
      </header>
      <section aria-label="Totals">
        <h2 className="mb-2 text-lg font-semibold">Totals</h2>
        <table className="w-full text-sm">
          <tbody>
            {CATEGORIES.map((c) => (
              <tr key={c} className="border-b border-zinc-100">
                <th scope="row" className="py-1 text-left font-normal">{CATEGORY_LABEL[c]}</th>
                <td className="py-1 text-right tabular-nums">${byCategory.totals[c]}</td>
              </tr>
            ))}
            <tr className="font-semibold">
              <th scope="row" className="py-1 text-left">Total</th>
              <td className="py-1 text-right tabular-nums">${byCategory.totals.total}</td>
            </tr>
          </tbody>
        </table>
        {byCategory.previous ? (
          <p className="mt-1 text-sm text-zinc-600">
            Previous period ({byCategory.previous.from} to {byCategory.previous.to}): ${byCategory.previous.total}; change {byCategory.previous.change.startsWith("-") ? "" : "+"}${byCategory.previous.change}
            {byCategory.previous.changePercent === null ? "" : ` (${byCategory.previous.changePercent}%)`}.
          </p>
        ) : null}
        {byCategory.forecast ? <p className="text-sm text-zinc-600">Forecast for {byCategory.forecast.month}: ${byCategory.forecast.forecast}.</p> : null}
      </section>
      <section aria-label="Top 10 spenders" className="break-inside-avoid">
        <h2 className="mb-2 text-lg font-semibold">Top 10 spenders</h2>
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-xs uppercase text-zinc-500">
              <th scope="col">Instance</th>
              <th scope="col" className="text-right">Hours</th>
              <th scope="col" className="text-right">Compute</th>
              <th scope="col" className="text-right">Data</th>
              <th scope="col" className="text-right">Total</th>
            </tr>
          </thead>
          <tbody>
            {byInstance.groups.slice(0, 10).map((g) => (
              <tr key={g.key} className="border-b border-zinc-100">
                <td className="py-1">{g.label}</td>
                <td className="py-1 text-right tabular-nums">{g.hours}</td>
                <td className="py-1 text-right tabular-nums">${g.compute}</td>
                <td className="py-1 text-right tabular-nums">${(Number(g.transferIn) + Number(g.transferOut)).toFixed(2)}</td>
                <td className="py-1 text-right tabular-nums font-medium">${g.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-label="By day" className="break-inside-avoid">
        <CostChart report={byCategory} />
      </section>
      <section aria-label="By instance type" className="break-inside-avoid">
        <h2 className="mb-2 text-lg font-semibold">By instance type</h2>
        <table className="w-full text-sm">
          <tbody>
            {byType.groups.map((g) => (
              <tr key={g.key} className="border-b border-zinc-100">
                <th scope="row" className="py-1 text-left font-normal">{g.label}</th>
                <td className="py-1 text-right tabular-nums">{g.hours} h</td>
                <td className="py-1 text-right tabular-nums">${g.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}
