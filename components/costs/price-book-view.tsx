"use client";
// The price book: what is charged now, changes scheduled from a date, and
// the history. The past is never rewritten.
import { useFieldArray, useWatch } from "react-hook-form";
import { denial, type Role } from "@/lib/auth/roles";
import { setRateAction, setTiersAction, setModeAction } from "@/lib/actions/costs";
import { setModeSchema, setRateSchema, tiersFormSchema } from "@/lib/control-plane/costs/schemas";
import { formatMoney } from "@/lib/money";
import { formatUtc } from "@/lib/time";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField, useVerbForm, type VerbForm } from "@/components/ui/form";
import { Time } from "@/components/ui/time";

interface Book {
  now: string;
  mode: string;
  instanceHour: { type: string; price: string }[];
  transferIn: string;
  transferOut: { fromGb: number; toGb: number | null; price: string }[];
  eipIdle: string;
  history: { kind: string; key: string; price: string; effectiveFrom: string; scheduled: boolean }[];
}

const rate = (p: string) => formatMoney(p, { rate: true });

export function PriceBookView({ book, role }: { book: Book; role: Role }) {
  const denied = denial(role, "pricebook.write");
  return (
    <div className="max-w-4xl space-y-5">
      <PageHeader title="Price book" description={`Prices in force now (${formatUtc(book.now)}). A change takes effect from the date you choose; what was already billed never changes.`} />
      <section aria-label="Current prices" className="grid gap-4 md:grid-cols-2">
        <div className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
          <h2 className="text-sm font-semibold">Instance-hours</h2>
          <table className="mt-2 w-full text-sm">
            <tbody>
              {book.instanceHour.map((r) => (
                <tr key={r.type} className="border-t border-zinc-100">
                  <th scope="row" className="py-1 text-left font-normal">
                    {r.type}
                  </th>
                  <td className="py-1 text-right tabular-nums">{rate(r.price)}/hour</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-sm">
            Billing: <strong>{book.mode === "hourly" ? "hourly — each started hour is a full hour" : "per second, 60-second minimum"}</strong>
          </p>
        </div>
        <div className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
          <h2 className="text-sm font-semibold">Data transfer and addresses</h2>
          <table className="mt-2 w-full text-sm">
            <tbody>
              <tr className="border-t border-zinc-100">
                <th scope="row" className="py-1 text-left font-normal">
                  In
                </th>
                <td className="py-1 text-right tabular-nums">{rate(book.transferIn)}/GB</td>
              </tr>
              {book.transferOut.map((t) => (
                <tr key={t.fromGb} className="border-t border-zinc-100">
                  <th scope="row" className="py-1 text-left font-normal">
                    Out, {t.toGb === null ? `above ${t.fromGb.toLocaleString("en-US")} GB` : `${t.fromGb.toLocaleString("en-US")}–${t.toGb.toLocaleString("en-US")} GB`} a month
                  </th>
                  <td className="py-1 text-right tabular-nums">{rate(t.price)}/GB</td>
                </tr>
              ))}
              <tr className="border-t border-zinc-100">
                <th scope="row" className="py-1 text-left font-normal">
                  Between instances
                </th>
                <td className="py-1 text-right">free</td>
              </tr>
              <tr className="border-t border-zinc-100">
                <th scope="row" className="py-1 text-left font-normal">
                  Elastic IP not attached to a running instance
                </th>
                <td className="py-1 text-right tabular-nums">{rate(book.eipIdle)}/hour</td>
              </tr>
            </tbody>
          </table>
          <p className="mt-2 text-xs text-zinc-500">1 GB = 2³⁰ bytes; tiers are marginal and reset each month.</p>
        </div>
      </section>

      <RateForm book={book} denied={denied} />
      <TiersForm book={book} denied={denied} />
      <ModeForm book={book} denied={denied} />

      <section aria-label="History" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
        <h2 className="text-sm font-semibold">History</h2>
        <div className="relative max-w-full overflow-x-auto">
          <table aria-label="Price history" className="mt-2 w-full text-sm">
            <thead>
              <tr className="text-left text-xs text-zinc-500 uppercase">
                <th scope="col">Effective from</th>
                <th scope="col">Price of</th>
                <th scope="col">Value</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {book.history.map((h, i) => (
                <tr key={i} className="border-t border-zinc-100">
                  <td className="py-1 pr-2">{h.effectiveFrom.startsWith("1970") ? "the beginning" : <Time iso={h.effectiveFrom} />}</td>
                  <td className="py-1 pr-2">
                    {h.kind}
                    {h.key && h.kind !== "billing-mode" ? ` ${h.kind === "transfer-out" ? `from ${h.key} GB` : h.key}` : ""}
                  </td>
                  <td className="py-1 pr-2 tabular-nums">{h.kind === "billing-mode" ? h.price : rate(h.price)}</td>
                  <td className="py-1 text-xs text-amber-800">{h.scheduled ? "scheduled" : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

function Messages<S extends Parameters<typeof useVerbForm>[0]>({ f }: { f: VerbForm<S> }) {
  return (
    <>
      {f.formError ? <Alert tone="error">{f.formError}</Alert> : null}
      {f.notice ? <Alert tone="success">{f.notice}</Alert> : null}
    </>
  );
}

function RateForm({ book, denied }: { book: Book; denied: string | null }) {
  const f = useVerbForm(setRateSchema, { kind: "instance-hour", key: book.instanceHour[0]?.type ?? "", price: "", effectiveFrom: "" });
  const kind = useWatch({ control: f.form.control, name: "kind" });
  const off = Boolean(denied);
  return (
    <section aria-label="Change a price" className="space-y-2 rounded-lg bg-white p-4 ring-1 ring-zinc-200">
      <h2 className="text-sm font-semibold">Change a price</h2>
      <Messages f={f} />
      <form
        className="flex flex-wrap items-start gap-2"
        noValidate
        onSubmit={f.submit(
          (v) => setRateAction({ ...v, key: v.kind === "instance-hour" ? v.key : "" }),
          (d) => `The new price takes effect ${formatUtc(d.effectiveFrom)}.`,
        )}
      >
        <SelectField form={f.form} name="kind" id="rate-kind" label="Price of" disabled={off}>
          <option value="instance-hour">Instance-hour</option>
          <option value="transfer-in">Data in (per GB)</option>
          <option value="eip-idle">Idle Elastic IP (per hour)</option>
        </SelectField>
        {kind === "instance-hour" ? (
          <SelectField form={f.form} name="key" id="rate-type" label="Instance type" disabled={off}>
            {book.instanceHour.map((r) => (
              <option key={r.type} value={r.type}>
                {r.type}
              </option>
            ))}
          </SelectField>
        ) : null}
        <TextField form={f.form} name="price" id="rate-price" label="New price (USD)" inputMode="decimal" disabled={off} className="w-32" placeholder="0.12" />
        <TextField form={f.form} name="effectiveFrom" id="rate-from" label="Effective from (UTC; empty: now)" disabled={off} className="w-56" placeholder="2026-12-01" />
        <Button type="submit" variant="primary" className="sm:mt-6" disabledReason={denied} disabled={f.pending}>
          Schedule price
        </Button>
      </form>
    </section>
  );
}

function TiersForm({ book, denied }: { book: Book; denied: string | null }) {
  const f = useVerbForm(tiersFormSchema, { tiers: book.transferOut.map((t) => ({ upToGb: t.toGb === null ? "" : String(t.toGb), price: t.price })), effectiveFrom: "" });
  const rows = useFieldArray({ control: f.form.control, name: "tiers" });
  const off = Boolean(denied);
  return (
    <section aria-label="Data out tiers" className="space-y-2 rounded-lg bg-white p-4 ring-1 ring-zinc-200">
      <h2 className="text-sm font-semibold">Data out tiers</h2>
      <Messages f={f} />
      <form className="space-y-2" noValidate onSubmit={f.submit((v) => setTiersAction(v), (d) => `The new tiers take effect ${d.effectiveFrom.slice(0, 10)}.`)}>
        {rows.fields.map((t, i) => (
          <div key={t.id} className="flex flex-wrap items-start gap-2">
            <TextField form={f.form} name={`tiers.${i}.upToGb`} id={`tier-${i}-to`} label={i === rows.fields.length - 1 ? `Tier ${i + 1}: up to (GB; empty: no limit)` : `Tier ${i + 1}: up to (GB)`} inputMode="numeric" disabled={off} className="w-32" />
            <TextField form={f.form} name={`tiers.${i}.price`} id={`tier-${i}-price`} label="USD per GB" inputMode="decimal" disabled={off} className="w-28" />
          </div>
        ))}
        <div className="flex flex-wrap items-start gap-2">
          <Button size="sm" className="sm:mt-6" disabledReason={denied} onClick={() => rows.append({ upToGb: "", price: "" })}>
            Add tier
          </Button>
          <TextField form={f.form} name="effectiveFrom" id="tiers-from" label="Effective from (a date, UTC; empty: tomorrow)" disabled={off} className="w-40" />
          <Button type="submit" variant="primary" className="sm:mt-6" disabledReason={denied} disabled={f.pending}>
            Schedule tiers
          </Button>
        </div>
      </form>
    </section>
  );
}

function ModeForm({ book, denied }: { book: Book; denied: string | null }) {
  const f = useVerbForm(setModeSchema, { mode: book.mode as "hourly", effectiveFrom: "" });
  const off = Boolean(denied);
  return (
    <section aria-label="Billing mode" className="space-y-2 rounded-lg bg-white p-4 ring-1 ring-zinc-200">
      <h2 className="text-sm font-semibold">Billing mode</h2>
      <Messages f={f} />
      <form className="flex flex-wrap items-start gap-2" noValidate onSubmit={f.submit((v) => setModeAction(v), (d) => `Billing changes ${formatUtc(d.effectiveFrom)}.`)}>
        <SelectField form={f.form} name="mode" id="mode" label="Mode" disabled={off}>
          <option value="hourly">Hourly (each started hour is a full hour)</option>
          <option value="per-second">Per second (60-second minimum)</option>
        </SelectField>
        <TextField form={f.form} name="effectiveFrom" id="mode-from" label="Effective from (UTC; empty: now)" disabled={off} className="w-56" />
        <Button type="submit" variant="primary" className="sm:mt-6" disabledReason={denied} disabled={f.pending}>
          Schedule mode
        </Button>
      </form>
    </section>
  );
}
