"use client";
import { useState } from "react";
import type { InstanceTypeView } from "@/lib/control-plane/catalog/types";
import { denial, type Role } from "@/lib/auth/roles";
import { addInstanceTypeAction } from "@/lib/actions/catalog";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField, useVerbForm } from "@/components/ui/form";
import { addInstanceTypeSchema } from "@/lib/control-plane/catalog/schemas";
import { formatMoney } from "@/lib/money";

export function TypesView({ types, role }: { types: InstanceTypeView[]; role: Role }) {
  const [adding, setAdding] = useState(false);
  return (
    <div>
      <PageHeader
        title="Instance types"
        description="The virtual hardware an instance runs on, and what an hour of it costs in your price book."
        actions={
          <Button variant="primary" disabledReason={denial(role, "types.write")} onClick={() => setAdding(true)}>
            Add instance type
          </Button>
        }
      />
      <Table label="Instance types">
        <thead className="bg-zinc-50">
          <tr>
            <Th>Type</Th>
            <Th>Memory</Th>
            <Th>Compute units (ECU)</Th>
            <Th>Instance storage</Th>
            <Th>Platform</Th>
            <Th className="text-right">Price per hour</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {types.map((t) => (
            <tr key={t.name}>
              <Td className="font-medium">
                {t.name} {t.builtIn ? null : <span className="text-xs font-normal text-zinc-500">(your team's)</span>}
              </Td>
              <Td>{t.memoryGb} GB</Td>
              <Td>
                {t.ecu} ECU ({t.vcpus} × {t.ecuPerCore})
              </Td>
              <Td>{t.storageGb.toLocaleString("en-US")} GB</Td>
              <Td>{t.platform}</Td>
              <Td className="text-right tabular-nums">{t.hourlyUsd ? formatMoney(t.hourlyUsd, { rate: true }) : "—"}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Dialog open={adding} onClose={() => setAdding(false)} title="Add instance type">
        {adding ? <AddTypeForm onDone={() => setAdding(false)} /> : null}
      </Dialog>
    </div>
  );
}

function AddTypeForm({ onDone }: { onDone: () => void }) {
  const { form, formError, pending, submit } = useVerbForm(addInstanceTypeSchema, { name: "", memoryMiB: "1740", vcpus: "1", ecuPerCore: "1", storageGb: "160", architecture: "x86_64", hourlyUsd: "0.10" });
  const fields: ["name" | "memoryMiB" | "vcpus" | "ecuPerCore" | "storageGb" | "hourlyUsd", string, string?][] = [
    ["name", "Name", "family.size, like c1.medium"],
    ["memoryMiB", "Memory (MiB)"],
    ["vcpus", "Virtual cores"],
    ["ecuPerCore", "ECU per core"],
    ["storageGb", "Instance storage (GB)"],
    ["hourlyUsd", "Price per hour (USD)", "Up to 6 decimal places"],
  ];
  return (
    <form className="space-y-3" noValidate onSubmit={submit((v) => addInstanceTypeAction(v), (d) => `Added ${d.name}.`, onDone)}>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {fields.map(([k, label, hint]) => (
        <TextField key={k} form={form} name={k} id={`type-${k}`} label={label} hint={hint} />
      ))}
      <SelectField form={form} name="architecture" id="type-arch" label="Architecture">
        <option value="i386">i386 (32-bit)</option>
        <option value="x86_64">x86_64 (64-bit)</option>
      </SelectField>
      <div className="flex justify-end gap-2 pt-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={pending}>
          Add type
        </Button>
      </div>
    </form>
  );
}
