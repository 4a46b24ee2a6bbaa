"use client";
// An instance's cost so far and its hourly rate, ticking live.
import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/queries/fetch-json";
import { costKeys } from "@/lib/queries/costs";
import { formatAmount, formatMoney } from "@/lib/money";

interface Cost {
  mode: string;
  hourlyRate: string;
  billableNow: boolean;
  billedHours: number;
  compute: string;
  transfer: string;
  total: string;
  gbIn: number;
  gbOut: number;
}

export function CostPanel({ instanceId }: { instanceId: string }) {
  const { data } = useQuery({ queryKey: costKeys.instance(instanceId), queryFn: () => fetchJson<Cost>(`/api/instances/${instanceId}/cost`), refetchInterval: 2_000 });
  if (!data) return null;
  return (
    <section aria-label="Cost" className="rounded-lg bg-white p-4 shadow-xs ring-1 ring-zinc-200">
      <h2 className="mb-2 text-sm font-semibold text-zinc-800">Cost</h2>
      <p className="text-2xl font-semibold tabular-nums" aria-live="polite" data-testid="instance-cost">
        {formatAmount(data.total)}
      </p>
      <p className="text-sm text-zinc-600">
        so far: {formatAmount(data.compute)} for {data.billedHours.toLocaleString("en-US")} {data.mode === "hourly" ? "started" : "billed"} {data.billedHours === 1 ? "hour" : "hours"} and {formatAmount(data.transfer)} for data ({data.gbIn.toFixed(3)} GB in, {data.gbOut.toFixed(3)} GB out)
      </p>
      <p className="mt-1 text-sm">
        {data.billableNow ? (
          <>
            Costs <strong>{formatMoney(data.hourlyRate, { rate: true })} an hour</strong> while it runs ({data.mode === "hourly" ? "each started hour billed in full" : "billed per second"}).
          </>
        ) : (
          <>Not billed for instance-hours now ({data.hourlyRate ? `${formatMoney(data.hourlyRate, { rate: true })}/hour when running` : ""}).</>
        )}
      </p>
    </section>
  );
}
