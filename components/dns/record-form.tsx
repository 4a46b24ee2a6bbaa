"use client";
// Add or replace a record set: name, type, TTL and values, each a fixed
// address or something it follows.
import { useState } from "react";
import type { RecordValue, ValueKind } from "@/lib/control-plane/dns/resolve";
import { putRecordSetAction } from "@/lib/actions/dns";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field, Input, Select } from "@/components/ui/field";
import { useFormAction } from "@/components/catalog/use-form-action";

export interface Targets {
  instances: { id: string; label: string }[];
  eips: { id: string; label: string }[];
  groups: { id: string; label: string }[];
}

const KINDS: { kind: ValueKind; label: string }[] = [
  { kind: "ip", label: "An address" },
  { kind: "instance", label: "Follow an instance" },
  { kind: "eip", label: "Follow an Elastic IP" },
  { kind: "group", label: "Follow an instance group" },
];

export function RecordForm({ zoneId, zoneName, targets, denied }: { zoneId: string; zoneName: string; targets: Targets; denied: string | null }) {
  const f = useFormAction();
  const [name, setName] = useState("www");
  const [type, setType] = useState("A");
  const [ttl, setTtl] = useState("60");
  const [values, setValues] = useState<RecordValue[]>([{ kind: "ip", value: "" }]);
  const setValue = (i: number, v: RecordValue) => setValues(values.map((x, j) => (j === i ? v : x)));
  const choices = (k: ValueKind) => (k === "instance" ? targets.instances : k === "eip" ? targets.eips : k === "group" ? targets.groups : []);
  const off = Boolean(denied);
  return (
    <form
      className="mt-4 space-y-3 rounded-lg bg-white p-4 ring-1 ring-zinc-200"
      aria-label="Add or replace a record set"
      onSubmit={(e) => {
        e.preventDefault();
        const sent = type === "CNAME" ? [{ kind: "name" as const, value: values[0]?.value ?? "" }] : values;
        f.submit(() => putRecordSetAction(zoneId, { name, type, ttl, values: sent }), (d) => `Saved ${d.name} ${d.type} (TTL ${d.ttl} s): ${d.answers.join(", ") || "no answer now"}.`);
      }}
    >
      <h3 className="text-sm font-semibold">Add or replace a record set</h3>
      {f.error ? <Alert tone="error">{f.error.message}</Alert> : null}
      {f.notice ? <Alert tone="success">{f.notice}</Alert> : null}
      <div className="grid grid-cols-3 gap-3">
        <Field id="r-name" label="Record name" hint={`in ${zoneName}; @ for the zone itself`}>
          <Input id="r-name" value={name} onChange={(e) => setName(e.target.value)} disabled={off} hint />
        </Field>
        <Field id="r-type" label="Type">
          <Select id="r-type" value={type} onChange={(e) => { setType(e.target.value); if (e.target.value === "CNAME") setValues([{ kind: "name", value: "" }]); else setValues([{ kind: "ip", value: "" }]); }} disabled={off}>
            <option value="A">A (addresses)</option>
            <option value="CNAME">CNAME (another name)</option>
          </Select>
        </Field>
        <Field id="r-ttl" label="TTL (seconds)">
          <Input id="r-ttl" inputMode="numeric" value={ttl} onChange={(e) => setTtl(e.target.value)} disabled={off} />
        </Field>
      </div>
      {values.map((v, i) => (
        <div key={i} className="flex items-end gap-2">
          {type === "A" ? (
            <Field id={`r-kind-${i}`} label={`Value ${i + 1}`}>
              <Select id={`r-kind-${i}`} className="w-56" value={v.kind} onChange={(e) => setValue(i, { kind: e.target.value as ValueKind, value: "" })} disabled={off}>
                {KINDS.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.label}
                  </option>
                ))}
              </Select>
            </Field>
          ) : null}
          {v.kind === "ip" || v.kind === "name" ? (
            <Field id={`r-value-${i}`} label={v.kind === "ip" ? `Address ${i + 1}` : "Target name"}>
              <Input id={`r-value-${i}`} className="w-64" placeholder={v.kind === "ip" ? "192.0.2.10" : `static.${zoneName}`} value={v.value} onChange={(e) => setValue(i, { ...v, value: e.target.value })} disabled={off} />
            </Field>
          ) : (
            <Field id={`r-value-${i}`} label={`Target ${i + 1}`}>
              <Select id={`r-value-${i}`} className="w-80" value={v.value} onChange={(e) => setValue(i, { ...v, value: e.target.value })} disabled={off}>
                <option value="">Choose…</option>
                {choices(v.kind).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {type === "A" && values.length > 1 ? (
            <Button size="sm" onClick={() => setValues(values.filter((_, j) => j !== i))} disabled={off}>
              Remove value {i + 1}
            </Button>
          ) : null}
        </div>
      ))}
      <div className="flex gap-2">
        {type === "A" ? (
          <Button size="sm" onClick={() => setValues([...values, { kind: "ip", value: "" }])} disabledReason={denied}>
            Add a value
          </Button>
        ) : null}
        <Button type="submit" variant="primary" disabledReason={denied} disabled={f.pending}>
          Save record set
        </Button>
      </div>
    </form>
  );
}
