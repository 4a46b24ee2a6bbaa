// Overview: the team at a glance — instances by state, running instances
// against the limit, this month's spend and forecast, budget alerts and
// recent activity.
import Link from "next/link";
import { requireCtx } from "@/lib/auth/request";
import { allows } from "@/lib/auth/roles";
import { forecastMonth } from "@/lib/control-plane/costs/report";
import { listBudgetAlerts } from "@/lib/control-plane/costs/budgets";
import { describeOverview } from "@/lib/control-plane/overview/overview";
import { STATES, STATE_TONE, isState } from "@/lib/instance-state";
import { formatMoney } from "@/lib/money";
import { formatMonth, formatUtc } from "@/lib/time";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { StateBadge } from "@/components/instances/state-badge";

export const metadata = { title: "Overview" };

const card = "rounded-lg bg-white p-4 ring-1 ring-zinc-200";

export default async function Overview() {
  const ctx = await requireCtx();
  const costs = allows(ctx.role, "costs.read");
  const [overview, forecast, alerts] = await Promise.all([
    describeOverview({ ctx, input: {} }),
    costs ? forecastMonth(ctx) : null,
    costs ? listBudgetAlerts({ ctx, input: {} }) : [],
  ]);
  const { quota } = overview;
  const pct = quota.limit > 0 ? Math.min(100, Math.round((quota.live / quota.limit) * 100)) : 100;
  return (
    <div className="space-y-5">
      <PageHeader title="Overview" description={`${ctx.team.name} at ${formatUtc(ctx.clock.now())}.`} />
      {alerts.map((a) => (
        <Alert key={a.id} tone={a.kind === "actual-100" ? "error" : "warning"} title="Budget alert">
          {a.message}{" "}
          <Link href="/costs" className="underline">
            Open costs
          </Link>
        </Alert>
      ))}
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        <section aria-label="Instances by state" className={card}>
          <h2 className="text-sm font-semibold">Instances</h2>
          <ul className="mt-2 flex flex-wrap gap-3">
            {STATES.map((s) => (
              <li key={s}>
                <Link href={`/instances?state=${s}`} className="inline-flex items-center gap-2">
                  <Badge tone={STATE_TONE[s]}>{s}</Badge>
                  <span className="text-lg font-semibold tabular-nums">{overview.counts[s]}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>

        <section aria-label="Quota" className={card}>
          <h2 className="text-sm font-semibold">Running instances</h2>
          <p className="mt-1 text-2xl font-semibold tabular-nums">
            {quota.live.toLocaleString("en-US")} <span className="text-base font-normal text-zinc-500">of {quota.limit.toLocaleString("en-US")}</span>
          </p>
          <div
            role="meter"
            aria-label="Running instances against the limit"
            aria-valuemin={0}
            aria-valuemax={quota.limit}
            aria-valuenow={Math.min(quota.live, quota.limit)}
            aria-valuetext={`${quota.live} of ${quota.limit} running instances`}
            className="mt-2 h-2 overflow-hidden rounded bg-zinc-100"
          >
            <div className={`h-full ${pct >= 100 ? "bg-red-600" : pct >= 80 ? "bg-amber-500" : "bg-sky-600"}`} style={{ width: `${pct}%` }} />
          </div>
          <p className="mt-1 text-xs text-zinc-600">
            {quota.live >= quota.limit ? "At the limit: launches are refused until an instance stops or terminates." : `${(quota.limit - quota.live).toLocaleString("en-US")} more can start.`} Pending, running and stopping
            instances count.{" "}
            {allows(ctx.role, "settings.write") ? (
              <Link href="/settings" className="text-sky-800 underline">
                Change the limit
              </Link>
            ) : null}
          </p>
        </section>

        {forecast ? (
          <section aria-label="This month" className={card}>
            <h2 className="text-sm font-semibold">Spend so far in {formatMonth(forecast.month)}</h2>
            <p className="mt-1 text-2xl font-semibold tabular-nums">{formatMoney(forecast.actualMicros)}</p>
            <p className="text-sm text-zinc-600">Forecast for the month: {formatMoney(forecast.forecastMicros)}</p>
            <Link href="/costs" className="mt-2 inline-block text-sm text-sky-800 underline">
              See the breakdown
            </Link>
          </section>
        ) : null}
      </div>

      <section aria-label="Recent activity" className={card}>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-sm font-semibold">Recent activity</h2>
          {allows(ctx.role, "audit.read") ? (
            <Link href="/audit" className="text-sm text-sky-800 underline">
              Audit log
            </Link>
          ) : null}
        </div>
        {overview.recent.length === 0 ? <p className="mt-2 text-sm text-zinc-500">Nothing yet: launch an instance and its life shows here.</p> : null}
        <ol className="mt-2 divide-y divide-zinc-100 text-sm">
          {overview.recent.map((r, i) => (
            <li key={i} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5">
              <span className="w-40 shrink-0 text-xs text-zinc-500">
                <Time iso={r.at} />
              </span>
              <Link href={`/instances/${r.instanceId}`} className="font-mono text-xs text-sky-800 hover:underline">
                {r.instanceId}
              </Link>
              {r.name ? <span className="text-zinc-600">{r.name}</span> : null}
              <span className="inline-flex items-center gap-1">
                {isState(r.to) ? <StateBadge state={r.to} /> : r.to}
              </span>
              {r.reason ? <span className="min-w-0 text-xs break-words text-zinc-500">{r.reason}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
