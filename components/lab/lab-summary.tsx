"use client";
// The numbers the article argued about, side by side.
import type { LabResult } from "@/lib/lab/simulate";
import { formatMoney } from "@/lib/money";
import { Table, Th, Td } from "@/components/ui/table";
import { STRATEGY_COLORS } from "./lab-charts";

const pct = (x: number) => `${(x * 100).toFixed(x < 0.01 && x > 0 ? 2 : 1)}%`;
const duration = (s: number | null) => (s === null ? "not within the run" : s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);
const int = (n: number) => Math.round(n).toLocaleString("en-US");

export function LabSummary({ result, done, costsVisible }: { result: LabResult; done: boolean; costsVisible: boolean }) {
  return (
    <section aria-labelledby="lab-summary-title">
      <h2 id="lab-summary-title" className="mb-2 text-base font-semibold">
        Strategies compared {done ? "" : <span className="text-sm font-normal text-zinc-500">(filled in when the run completes)</span>}
      </h2>
      <Table label="Strategies compared">
        <thead className="bg-zinc-50">
          <tr>
            <Th>Strategy</Th>
            <Th>Record TTL</Th>
            <Th>Peak failing</Th>
            <Th>Failing until</Th>
            <Th>Failed requests</Th>
            <Th>DNS queries per hour</Th>
            {costsVisible ? <Th>Cost per 30 days</Th> : null}
            {costsVisible ? <Th>Added by a failover</Th> : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {result.strategies.map((s) => (
            <tr key={s.id} className="align-top">
              <Td className="whitespace-normal">
                <span aria-hidden className="mr-1.5 inline-block h-2.5 w-2.5 rounded-full" style={{ background: STRATEGY_COLORS[s.id] }} />
                <span className="font-medium">{s.label}</span>
                <p className="mt-0.5 max-w-md text-xs text-zinc-600">{s.blurb}</p>
              </Td>
              <Td>{s.ttl.toLocaleString("en-US")} s</Td>
              <Td>{done ? pct(s.summary.peakFailing) : "…"}</Td>
              <Td>{done ? (s.summary.recoverySeconds === 0 ? "no failures" : `${duration(s.summary.recoverySeconds)} after the death`) : "…"}</Td>
              <Td>{done ? `${int(s.summary.failedRequests)} of ${int(s.summary.totalRequests)}` : "…"}</Td>
              <Td>{int(s.summary.queriesPerHour)}</Td>
              {costsVisible ? (
                <Td>
                  {formatMoney(s.cost.monthMicros)}
                  <span className="block text-xs text-zinc-500">
                    {s.cost.instances} instance{s.cost.instances === 1 ? "" : "s"}
                    {s.cost.elasticIps ? " + an Elastic IP (free while held)" : ""}
                  </span>
                </Td>
              ) : null}
              {costsVisible ? <Td>{formatMoney(s.cost.failoverMicros)}</Td> : null}
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}
