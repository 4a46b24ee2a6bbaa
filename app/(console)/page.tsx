// Overview: the team at a glance — instances by state, this month's spend and
// forecast, budget alerts.
import Link from "next/link";
import { requireCtx } from "@/lib/auth/request";
import { allows } from "@/lib/auth/roles";
import { forecastMonth } from "@/lib/control-plane/costs/report";
import { listBudgetAlerts } from "@/lib/control-plane/costs/budgets";
import { STATES, STATE_TONE } from "@/lib/instance-state";
import { toDecimal } from "@/lib/money";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Overview" };

export default async function Overview() {
  const ctx = await requireCtx();
  const counts = await ctx.db.instance.groupBy({ by: ["state"], where: { teamId: ctx.team.id, OR: [{ terminatedAt: null }, { terminatedAt: { gt: new Date(ctx.clock.now().getTime() - 3_600_000) } }] }, _count: { _all: true } });
  const n = (s: string) => counts.find((c) => c.state === s)?._count._all ?? 0;
  const costs = allows(ctx.role, "costs.read");
  const [forecast, alerts] = costs ? await Promise.all([forecastMonth(ctx), listBudgetAlerts({ ctx, input: {} })]) : [null, []];
  return (
    <div className="space-y-5">
      <PageHeader title="Overview" description={`${ctx.team.name} at ${ctx.clock.now().toISOString().slice(0, 16).replace("T", " ")} UTC.`} />
      {alerts.map((a) => (
        <Alert key={a.id} tone={a.kind === "actual-100" ? "error" : "warning"} title="Budget alert">
          {a.message} <Link href="/costs" className="underline">Open costs</Link>
        </Alert>
      ))}
      <section aria-label="Instances by state" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
        <h2 className="text-sm font-semibold">Instances</h2>
        <ul className="mt-2 flex flex-wrap gap-3">
          {STATES.map((s) => (
            <li key={s}>
              <Link href={`/instances?state=${s}`} className="inline-flex items-center gap-2">
                <Badge tone={STATE_TONE[s]}>{s}</Badge>
                <span className="text-lg font-semibold tabular-nums">{n(s)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      {forecast ? (
        <section aria-label="This month" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
          <h2 className="text-sm font-semibold">Spend in {forecast.month}</h2>
          <p className="mt-1 text-2xl font-semibold tabular-nums">${toDecimal(forecast.actualMicros)}</p>
          <p className="text-sm text-zinc-600">Forecast for the month: ${toDecimal(forecast.forecastMicros)}</p>
          <Link href="/costs" className="mt-2 inline-block text-sm text-sky-800 underline">See the breakdown</Link>
        </section>
      ) : null}
    </div>
  );
}
