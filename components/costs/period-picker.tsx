"use client";
// The period of the Costs page: calendar months and quarters (to date, the
// last one, or any recent one) and custom ranges. Kept in the URL.
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { PERIOD_KINDS, recentMonths, recentQuarters, type DayRange, type PeriodKind } from "@/lib/control-plane/costs/periods";
import { addDays, formatMonth } from "@/lib/time";

const KIND_LABEL: Record<PeriodKind, string> = {
  mtd: "This month (to date)",
  last: "Last month",
  month: "A calendar month…",
  qtd: "This quarter (to date)",
  lastq: "Last quarter",
  quarter: "A quarter…",
  custom: "Custom range…",
};

export const isPeriodKind = (k: string | null): k is PeriodKind => (PERIOD_KINDS as readonly string[]).includes(k ?? "");

interface Props {
  kind: PeriodKind;
  range: DayRange;
  nowIso: string;
  month: string | null;
  quarter: string | null;
  onChange: (next: Record<string, string | null>) => void;
}

export function PeriodPicker({ kind, range, nowIso, month, quarter, onChange }: Props) {
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(addDays(range.to, -1));
  // Back/Forward change the range under the inputs: follow it.
  useEffect(() => {
    setFrom(range.from);
    setTo(addDays(range.to, -1));
  }, [range.from, range.to]);
  const months = recentMonths(nowIso);
  const quarters = recentQuarters(nowIso);
  const clear = { month: null, quarter: null, from: null, to: null };
  return (
    <>
      <div>
        <label htmlFor="period" className="block text-xs font-medium text-zinc-600">
          Period
        </label>
        <Select
          id="period"
          value={kind}
          onChange={(e) => {
            const k = e.target.value as PeriodKind;
            if (k === "month") onChange({ ...clear, period: k, month: months[1] });
            else if (k === "quarter") onChange({ ...clear, period: k, quarter: quarters[1] });
            else if (k === "custom") onChange({ ...clear, period: k, from: range.from, to: range.to });
            else onChange({ ...clear, period: k === "mtd" ? null : k });
          }}
          className="w-56"
        >
          {Object.entries(KIND_LABEL).map(([k, l]) => (
            <option key={k} value={k}>
              {l}
            </option>
          ))}
        </Select>
      </div>
      {kind === "month" ? (
        <div>
          <label htmlFor="period-month" className="block text-xs font-medium text-zinc-600">
            Month
          </label>
          <Select id="period-month" value={month ?? months[1]} onChange={(e) => onChange({ month: e.target.value })} className="w-44">
            {months.map((m) => (
              <option key={m} value={m}>
                {formatMonth(m)}
              </option>
            ))}
          </Select>
        </div>
      ) : null}
      {kind === "quarter" ? (
        <div>
          <label htmlFor="period-quarter" className="block text-xs font-medium text-zinc-600">
            Quarter
          </label>
          <Select id="period-quarter" value={quarter ?? quarters[1]} onChange={(e) => onChange({ quarter: e.target.value })} className="w-36">
            {quarters.map((q) => (
              <option key={q} value={q}>
                {q.replace(/^(\d{4})-(Q\d)$/, "$2 $1")}
              </option>
            ))}
          </Select>
        </div>
      ) : null}
      {kind === "custom" ? (
        <div role="group" aria-label="Custom range" className="flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor="from" className="block text-xs font-medium text-zinc-600">
              From
            </label>
            <Input id="from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div>
            <label htmlFor="to" className="block text-xs font-medium text-zinc-600">
              To (included)
            </label>
            <Input id="to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          <Button type="button" onClick={() => onChange({ from, to: /^\d{4}-\d{2}-\d{2}$/.test(to) ? addDays(to, 1) : to })}>
            Apply
          </Button>
        </div>
      ) : null}
    </>
  );
}
