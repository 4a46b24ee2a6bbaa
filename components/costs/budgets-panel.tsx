"use client";
// Budgets: spend and forecast against each monthly budget, the alerts this
// month, and (billing members and admins) adding or removing budgets.
import { denial, type Role } from "@/lib/auth/roles";
import { createBudgetAction, deleteBudgetAction } from "@/lib/actions/costs";
import { budgetSchema } from "@/lib/control-plane/costs/schemas";
import { formatMoney } from "@/lib/money";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, LossList } from "@/components/ui/confirm-dialog";
import { TextField, useVerbForm } from "@/components/ui/form";
import { useConfirm } from "@/components/ui/use-confirm";

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
  const denied = denial(role, "budgets.write");
  const del = useConfirm<BudgetView>();
  const { form, formError, pending: adding, submit } = useVerbForm(budgetSchema, { name: "", amountUsd: "", tagKey: "", tagValue: "" });
  const onSubmit = submit(
    (v) => createBudgetAction(v),
    () => `Added the budget ${form.getValues("name")}.`,
    () => form.reset(),
  );
  return (
    <section aria-label="Budgets" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
      <h2 className="text-sm font-semibold">Budgets</h2>
      {alerts.map((a) => (
        <div key={a.id} className="mt-2">
          <Alert tone={a.kind === "actual-100" ? "error" : "warning"}>{a.message}</Alert>
        </div>
      ))}
      {del.notice ? (
        <div className="mt-2">
          <Alert tone="success">{del.notice}</Alert>
        </div>
      ) : null}
      {budgets.length === 0 ? <p className="mt-1 text-sm text-zinc-500">No budgets yet.</p> : null}
      <ul className="mt-2 space-y-3">
        {budgets.map((b) => (
          <li key={b.id}>
            <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
              <span className="min-w-0 break-words">
                <strong>{b.name}</strong> <span className="text-zinc-500">({b.scope}) · {formatMoney(b.amount)} a month</span>
              </span>
              <Button size="sm" variant="ghost" disabledReason={denied} aria-label={`Delete budget ${b.name}`} onClick={() => del.ask(b)}>
                Delete
              </Button>
            </div>
            <Meter label={`${b.name}: spent`} percent={b.actualPercent} text={`Spent ${formatMoney(b.actual)} (${b.actualPercent}%)`} tone="bg-sky-600" />
            <Meter label={`${b.name}: forecast`} percent={b.forecastPercent} text={`Forecast ${formatMoney(b.forecast)} (${b.forecastPercent}%) for ${b.month}`} tone={b.forecastPercent >= 80 ? "bg-amber-500" : "bg-zinc-400"} />
          </li>
        ))}
      </ul>
      <form className="mt-3 flex flex-wrap items-start gap-2" noValidate onSubmit={onSubmit} aria-label="Add a budget">
        <TextField form={form} name="name" id="budget-name" label="Budget name" disabled={Boolean(denied)} className="w-40" />
        <TextField form={form} name="amountUsd" id="budget-amount" label="Per month (USD)" inputMode="decimal" disabled={Boolean(denied)} className="w-32" />
        <TextField form={form} name="tagKey" id="budget-tag-key" label="Tag key (optional)" disabled={Boolean(denied)} className="w-32" />
        <TextField form={form} name="tagValue" id="budget-tag-value" label="Tag value (optional)" disabled={Boolean(denied)} className="w-32" />
        <Button type="submit" className="sm:mt-6" disabledReason={denied} disabled={adding}>
          Add budget
        </Button>
      </form>
      {formError ? (
        <div className="mt-2">
          <Alert tone="error">{formError}</Alert>
        </div>
      ) : null}
      <ConfirmDialog
        open={del.open}
        title="Delete budget"
        confirmLabel={`Delete budget ${del.target?.name ?? ""}`}
        pending={del.pending}
        error={del.error}
        onClose={del.close}
        onConfirm={() => del.run((b) => deleteBudgetAction(b.id), (_, b) => `Deleted the budget ${b.name}.`)}
      >
        <p>
          Delete the budget <strong>{del.target?.name}</strong> ({del.target ? formatMoney(del.target.amount) : ""} a month, {del.target?.scope})?
        </p>
        <LossList items={["Its spend and forecast meters on this page.", "Its alerts: no more warnings at 80% of forecast or 100% of spend.", "Spending itself is not affected, and past alerts stay in the audit log."]} />
      </ConfirmDialog>
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
