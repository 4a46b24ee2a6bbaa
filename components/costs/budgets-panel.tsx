"use client";
// Budgets: spend and forecast against each monthly budget, the alerts this
// month, and (billing members and admins) adding or removing budgets.
import { useState } from "react";
import { denial, type Role } from "@/lib/auth/roles";
import { createBudgetAction, deleteBudgetAction } from "@/lib/actions/costs";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { useFormAction } from "@/components/catalog/use-form-action";

export interface BudgetView {
  id: string;
  name: string;
  scope: string;
  amount: string;
  month: string;
  actual: string;
  forecast: string;
  actualPercent: number;
  forecastPercent: number;
}

export interface AlertView {
  id: number;
  message: string;
  kind: string;
}

export function BudgetsPanel({ budgets, alerts, role }: { budgets: BudgetView[]; alerts: AlertView[]; role: Role }) {
  const f = useFormAction();
  const [form, setForm] = useState({ name: "", amountUsd: "", tagKey: "", tagValue: "" });
  const denied = denial(role, "budgets.write");
  return (
    <section aria-label="Budgets" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
      <h2 className="text-sm font-semibold">Budgets</h2>
      {alerts.map((a) => (
        <div key={a.id} className="mt-2">
          <Alert tone={a.kind === "actual-100" ? "error" : "warning"}>{a.message}</Alert>
        </div>
      ))}
      {f.error ? <div className="mt-2"><Alert tone="error">{f.error.message}</Alert></div> : null}
      {budgets.length === 0 ? <p className="mt-1 text-sm text-zinc-500">No budgets yet.</p> : null}
      <ul className="mt-2 space-y-3">
        {budgets.map((b) => (
          <li key={b.id}>
            <div className="flex items-center justify-between text-sm">
              <span>
                <strong>{b.name}</strong> <span className="text-zinc-500">({b.scope}) · ${b.amount} a month</span>
              </span>
              <Button size="sm" variant="ghost" disabledReason={denied} aria-label={`Delete budget ${b.name}`} onClick={() => f.submit(() => deleteBudgetAction(b.id), () => `Deleted ${b.name}.`)}>
                Delete
              </Button>
            </div>
            <Meter label={`${b.name}: spent`} percent={b.actualPercent} text={`Spent $${b.actual} (${b.actualPercent}%)`} tone="bg-sky-600" />
            <Meter label={`${b.name}: forecast`} percent={b.forecastPercent} text={`Forecast $${b.forecast} (${b.forecastPercent}%) for ${b.month}`} tone={b.forecastPercent >= 80 ? "bg-amber-500" : "bg-zinc-400"} />
          </li>
        ))}
      </ul>
      <form
        className="mt-3 flex flex-wrap items-end gap-2"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          f.submit(() => createBudgetAction(form), () => `Added ${form.name}.`, () => setForm({ name: "", amountUsd: "", tagKey: "", tagValue: "" }));
        }}
      >
        <Field id="budget-name" label="Budget name" error={f.fieldError("name")}>
          <Input id="budget-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} disabled={Boolean(denied)} className="w-40" />
        </Field>
        <Field id="budget-amount" label="Per month (USD)" error={f.fieldError("amountUsd")}>
          <Input id="budget-amount" value={form.amountUsd} onChange={(e) => setForm({ ...form, amountUsd: e.target.value })} disabled={Boolean(denied)} className="w-32" />
        </Field>
        <Field id="budget-tag-key" label="Tag key (optional)">
          <Input id="budget-tag-key" value={form.tagKey} onChange={(e) => setForm({ ...form, tagKey: e.target.value })} disabled={Boolean(denied)} className="w-32" />
        </Field>
        <Field id="budget-tag-value" label="Tag value (optional)">
          <Input id="budget-tag-value" value={form.tagValue} onChange={(e) => setForm({ ...form, tagValue: e.target.value })} disabled={Boolean(denied)} className="w-32" />
        </Field>
        <Button type="submit" disabledReason={denied} disabled={f.pending}>
          Add budget
        </Button>
      </form>
    </section>
  );
}

function Meter({ label, percent, text, tone }: { label: string; percent: number; text: string; tone: string }) {
  return (
    <div className="mt-1">
      <div role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, percent)} aria-valuetext={text} className="h-2 overflow-hidden rounded bg-zinc-100">
        <div className={`h-full ${percent >= 100 ? "bg-red-600" : tone}`} style={{ width: `${Math.min(100, percent)}%` }} />
      </div>
      <p className="text-xs text-zinc-600">{text}</p>
    </div>
  );
}
