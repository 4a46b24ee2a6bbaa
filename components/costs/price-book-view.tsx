"use client";
// The price book: what is charged now, changes scheduled from a date, and
// the history. The past is never rewritten.
import { useState } from "react";
import { denial, type Role } from "@/lib/auth/roles";
import { setRateAction, setTiersAction, setModeAction } from "@/lib/actions/costs";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { useFormAction } from "@/components/catalog/use-form-action";

interface Book {
  now: string;
  mode: string;
  instanceHour: { type: string; price: string }[];
  transferIn: string;
  transferOut: { fromGb: number; toGb: number | null; price: string }[];
  eipIdle: string;
  history: { kind: string; key: string; price: string; effectiveFrom: string; scheduled: boolean }[];
}

export function PriceBookView({ book, role }: { book: Book; role: Role }) {
  const denied = denial(role, "pricebook.write");
  const f = useFormAction();
  const [rate, setRate] = useState({ kind: "instance-hour", key: book.instanceHour[0]?.type ?? "", price: "", effectiveFrom: "" });
  const [tiers, setTiers] = useState(book.transferOut.map((t) => ({ upToGb: t.toGb === null ? "" : String(t.toGb), price: t.price })));
  const [tiersFrom, setTiersFrom] = useState("");
  const [mode, setMode] = useState({ mode: book.mode, effectiveFrom: "" });
  return (
    <div className="max-w-4xl space-y-5">
      <PageHeader title="Price book" description={`Prices in force now (${book.now.slice(0, 16).replace("T", " ")} UTC). A change takes effect from the date you choose; what was already billed never changes.`} />
      {f.error ? <Alert tone="error">{f.error.message}</Alert> : null}
      {f.notice ? <Alert tone="success">{f.notice}</Alert> : null}
      <section aria-label="Current prices" className="grid gap-4 md:grid-cols-2">
        <div className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
          <h2 className="text-sm font-semibold">Instance-hours</h2>
          <table className="mt-2 w-full text-sm">
            <tbody>
              {book.instanceHour.map((r) => (
                <tr key={r.type} className="border-t border-zinc-100">
                  <th scope="row" className="py-1 text-left font-normal">{r.type}</th>
                  <td className="py-1 text-right tabular-nums">${r.price}/hour</td>
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
                <th scope="row" className="py-1 text-left font-normal">In</th>
                <td className="py-1 text-right tabular-nums">${book.transferIn}/GB</td>
              </tr>
              {book.transferOut.map((t) => (
                <tr key={t.fromGb} className="border-t border-zinc-100">
                  <th scope="row" className="py-1 text-left font-normal">
                    Out, {t.toGb === null ? `above ${t.fromGb.toLocaleString("en-US")} GB` : `${t.fromGb.toLocaleString("en-US")}–${t.toGb.toLocaleString("en-US")} GB`} a month
                  </th>
                  <td className="py-1 text-right tabular-nums">${t.price}/GB</td>
                </tr>
              ))}
              <tr className="border-t border-zinc-100">
                <th scope="row" className="py-1 text-left font-normal">Between instances</th>
                <td className="py-1 text-right">free</td>
              </tr>
              <tr className="border-t border-zinc-100">
                <th scope="row" className="py-1 text-left font-normal">Elastic IP not attached to a running instance</th>
                <td className="py-1 text-right tabular-nums">${book.eipIdle}/hour</td>
              </tr>
            </tbody>
          </table>
          <p className="mt-2 text-xs text-zinc-500">1 GB = 2³⁰ bytes; tiers are marginal and reset each month.</p>
        </div>
      </section>

      <section aria-label="Change a price" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
        <h2 className="text-sm font-semibold">Change a price</h2>
        <form
          className="mt-2 flex flex-wrap items-end gap-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            f.submit(() => setRateAction(rate.kind, rate.key, rate.price, rate.effectiveFrom), (d) => `The new price takes effect ${d.effectiveFrom.slice(0, 16).replace("T", " ")} UTC.`);
          }}
        >
          <Field id="rate-kind" label="Price of">
            <Select id="rate-kind" value={rate.kind} onChange={(e) => setRate({ ...rate, kind: e.target.value })} disabled={Boolean(denied)}>
              <option value="instance-hour">Instance-hour</option>
              <option value="transfer-in">Data in (per GB)</option>
              <option value="eip-idle">Idle Elastic IP (per hour)</option>
            </Select>
          </Field>
          {rate.kind === "instance-hour" ? (
            <Field id="rate-type" label="Instance type">
              <Select id="rate-type" value={rate.key} onChange={(e) => setRate({ ...rate, key: e.target.value })} disabled={Boolean(denied)}>
                {book.instanceHour.map((r) => (
                  <option key={r.type} value={r.type}>{r.type}</option>
                ))}
              </Select>
            </Field>
          ) : null}
          <Field id="rate-price" label="New price (USD)" error={f.fieldError("price")}>
            <Input id="rate-price" value={rate.price} onChange={(e) => setRate({ ...rate, price: e.target.value })} disabled={Boolean(denied)} className="w-32" placeholder="0.12" />
          </Field>
          <Field id="rate-from" label="Effective from (UTC; empty: now)" error={f.fieldError("effectiveFrom")}>
            <Input id="rate-from" value={rate.effectiveFrom} onChange={(e) => setRate({ ...rate, effectiveFrom: e.target.value })} disabled={Boolean(denied)} className="w-56" placeholder="2026-12-01" />
          </Field>
          <Button type="submit" variant="primary" disabledReason={denied} disabled={f.pending}>
            Schedule price
          </Button>
        </form>
      </section>

      <section aria-label="Data out tiers" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
        <h2 className="text-sm font-semibold">Data out tiers</h2>
        <form
          className="mt-2 space-y-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            f.submit(() => setTiersAction(tiers, tiersFrom), (d) => `The new tiers take effect ${d.effectiveFrom.slice(0, 10)}.`);
          }}
        >
          {tiers.map((t, i) => (
            <div key={i} className="flex items-end gap-2">
              <Field id={`tier-${i}-to`} label={i === tiers.length - 1 ? `Tier ${i + 1}: up to (GB; empty: no limit)` : `Tier ${i + 1}: up to (GB)`}>
                <Input id={`tier-${i}-to`} value={t.upToGb} onChange={(e) => setTiers(tiers.map((x, j) => (j === i ? { ...x, upToGb: e.target.value } : x)))} disabled={Boolean(denied)} className="w-32" />
              </Field>
              <Field id={`tier-${i}-price`} label="USD per GB">
                <Input id={`tier-${i}-price`} value={t.price} onChange={(e) => setTiers(tiers.map((x, j) => (j === i ? { ...x, price: e.target.value } : x)))} disabled={Boolean(denied)} className="w-28" />
              </Field>
            </div>
          ))}
          <div className="flex items-end gap-2">
            <Button size="sm" disabledReason={denied} onClick={() => setTiers([...tiers, { upToGb: "", price: "" }])}>
              Add tier
            </Button>
            <Field id="tiers-from" label="Effective from (a date, UTC; empty: tomorrow)">
              <Input id="tiers-from" value={tiersFrom} onChange={(e) => setTiersFrom(e.target.value)} disabled={Boolean(denied)} className="w-40" />
            </Field>
            <Button type="submit" variant="primary" disabledReason={denied}>
              Schedule tiers
            </Button>
          </div>
        </form>
      </section>

      <section aria-label="Billing mode" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
        <h2 className="text-sm font-semibold">Billing mode</h2>
        <form
          className="mt-2 flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            f.submit(() => setModeAction(mode.mode, mode.effectiveFrom), (d) => `Billing changes ${d.effectiveFrom.slice(0, 16).replace("T", " ")} UTC.`);
          }}
        >
          <Field id="mode" label="Mode">
            <Select id="mode" value={mode.mode} onChange={(e) => setMode({ ...mode, mode: e.target.value })} disabled={Boolean(denied)}>
              <option value="hourly">Hourly (each started hour is a full hour)</option>
              <option value="per-second">Per second (60-second minimum)</option>
            </Select>
          </Field>
          <Field id="mode-from" label="Effective from (UTC; empty: now)">
            <Input id="mode-from" value={mode.effectiveFrom} onChange={(e) => setMode({ ...mode, effectiveFrom: e.target.value })} disabled={Boolean(denied)} className="w-56" />
          </Field>
          <Button type="submit" variant="primary" disabledReason={denied}>
            Schedule mode
          </Button>
        </form>
      </section>

      <section aria-label="History" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
        <h2 className="text-sm font-semibold">History</h2>
        <table aria-label="Price history" className="mt-2 w-full text-sm">
          <thead>
            <tr className="text-left text-xs uppercase text-zinc-500">
              <th scope="col">Effective from</th>
              <th scope="col">Price of</th>
              <th scope="col">Value</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {book.history.map((h, i) => (
              <tr key={i} className="border-t border-zinc-100">
                <td className="py-1">{h.effectiveFrom.startsWith("1970") ? "the beginning" : <Time iso={h.effectiveFrom} />}</td>
                <td className="py-1">
                  {h.kind}
                  {h.key && h.kind !== "billing-mode" ? ` ${h.kind === "transfer-out" ? `from ${h.key} GB` : h.key}` : ""}
                </td>
                <td className="py-1 tabular-nums">{h.kind === "billing-mode" ? h.price : `$${h.price}`}</td>
                <td className="py-1 text-xs text-amber-800">{h.scheduled ? "scheduled" : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
