"use client";
// The lab's two charts, revealed up to the replay's clock: the share of
// clients failing, and the DNS queries resolvers have sent (log scale: the
// strategies differ by orders of magnitude).
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { LabResult } from "@/lib/lab/simulate";

export const STRATEGY_COLORS: Record<string, string> = { ttl60: "#dc2626", twoRecords: "#ea580c", elasticIp: "#0369a1" };

const minutes = (t: number) => `${Math.floor(t / 60)}m`;

export function LabCharts({ result, now }: { result: LabResult; now: number }) {
  const n = result.strategies[0].points.length;
  const rows = [];
  for (let k = 0; k < n; k++) {
    const t = result.strategies[0].points[k].t;
    if (t > now) break;
    const row: Record<string, number | null> = { t };
    for (const s of result.strategies) {
      row[`${s.id}-fail`] = Math.round(s.points[k].failing * 10000) / 100;
      row[`${s.id}-q`] = s.points[k].cumulativeQueries >= 1 ? s.points[k].cumulativeQueries : null;
    }
    rows.push(row);
  }
  const domain = [0, result.params.duration];
  const ticks = Array.from({ length: Math.floor(result.params.duration / 1800) + 1 }, (_, i) => i * 1800);
  const lines = (suffix: string) =>
    result.strategies.map((s) => <Line key={s.id} dataKey={`${s.id}-${suffix}`} name={s.label} stroke={STRATEGY_COLORS[s.id]} dot={false} strokeWidth={2} isAnimationActive={false} connectNulls />);
  // The instance is down from its death until its replacement runs.
  const marks = [
    <ReferenceArea key="down" x1={result.params.failAt} x2={result.replacedAt} fill="#fca5a5" fillOpacity={0.5} />,
    <ReferenceLine key="f" x={result.params.failAt} stroke="#52525b" strokeDasharray="4 3" label={{ value: "instance dies", fontSize: 11, position: "insideTopLeft", offset: 8 }} />,
  ];
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <figure aria-label="Share of clients failing over time" className="rounded-lg bg-white p-3 ring-1 ring-zinc-200">
        <figcaption className="mb-2 text-sm font-semibold">Clients failing (% of requests)</figcaption>
        <div className="h-72">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="t" type="number" domain={domain} ticks={ticks} tickFormatter={minutes} tick={{ fontSize: 11 }} />
              <YAxis domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} tick={{ fontSize: 11 }} width={48} />
              <Tooltip labelFormatter={(t) => `minute ${Math.floor(Number(t) / 60)}`} formatter={(v) => `${v}%`} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {marks}
              {lines("fail")}
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure aria-label="DNS queries sent by resolvers over time" className="rounded-lg bg-white p-3 ring-1 ring-zinc-200">
        <figcaption className="mb-2 text-sm font-semibold">DNS queries resolvers have sent (total, log scale)</figcaption>
        <div className="h-72">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="t" type="number" domain={domain} ticks={ticks} tickFormatter={minutes} tick={{ fontSize: 11 }} />
              <YAxis scale="log" domain={[1, "auto"]} allowDataOverflow tickFormatter={(v: number) => v.toLocaleString("en-US")} tick={{ fontSize: 11 }} width={64} />
              <Tooltip labelFormatter={(t) => `minute ${Math.floor(Number(t) / 60)}`} formatter={(v) => Number(v).toLocaleString("en-US")} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {marks}
              {lines("q")}
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}
