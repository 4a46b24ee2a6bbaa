"use client";
// The team's DNS zones and their record sets, served by Stratus's
// authoritative DNS server. A value is a fixed address or follows an instance,
// an Elastic IP or an instance group; "Answers now" is what dig gets.
import Link from "next/link";
import { useState } from "react";
import { denial, type Role } from "@/lib/auth/roles";
import type { RecordSetView, ZoneView } from "@/lib/control-plane/dns/zones";
import type { RecordValue, ValueKind } from "@/lib/control-plane/dns/resolve";
import { createZoneAction, deleteZoneAction, deleteRecordSetAction } from "@/lib/actions/dns";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td, Empty } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field, Input } from "@/components/ui/field";
import { useFormAction } from "@/components/catalog/use-form-action";
import { RecordForm, type Targets } from "./record-form";

const KIND_LABEL: Record<ValueKind, string> = { ip: "address", instance: "follows instance", eip: "follows Elastic IP", group: "follows group", name: "name" };

export function DnsView({ zones, zone, recordSets, server, targets, role }: { zones: ZoneView[]; zone: ZoneView | null; recordSets: RecordSetView[]; server: { address: string; port: number } | null; targets: Targets; role: Role }) {
  const f = useFormAction();
  const denied = denial(role, "dns.write");
  const [newZone, setNewZone] = useState("");
  const describe = (v: RecordValue) => (v.kind === "ip" || v.kind === "name" ? v.value : `${KIND_LABEL[v.kind]} ${v.value}`);
  return (
    <div className="space-y-6">
      <PageHeader
        title="DNS"
        description={
          server ? (
            <>
              Stratus answers for these zones as their authoritative DNS server on {server.address} port {server.port} (UDP and TCP). Try <code className="rounded bg-zinc-100 px-1">dig @{server.address} -p {server.port} {zone ? `www.${zone.name}` : "www.example.com"}</code>
            </>
          ) : (
            "The DNS server is off: set STRATUS_DNS_PORT (such as 5353) and restart to have Stratus answer for these zones. Records can be edited meanwhile."
          )
        }
      />
      {f.error && !f.error.field ? <Alert tone="error">{f.error.message}</Alert> : null}
      {f.notice ? <Alert tone="success">{f.notice}</Alert> : null}
      <section aria-labelledby="zones-title">
        <h2 id="zones-title" className="mb-2 text-base font-semibold">Zones</h2>
        <div className="flex flex-wrap items-center gap-2">
          {zones.length === 0 ? <p className="text-sm text-zinc-600">No zones yet.</p> : null}
          {zones.map((z) => (
            <Link key={z.id} href={`/dns?zone=${z.id}`} aria-current={z.id === zone?.id ? "page" : undefined} className={`rounded-full px-3 py-1 text-sm ring-1 ${z.id === zone?.id ? "bg-sky-50 font-medium text-sky-900 ring-sky-300" : "bg-white text-zinc-700 ring-zinc-300"}`}>
              {z.name} <span className="text-xs text-zinc-500">({z.recordSets})</span>
            </Link>
          ))}
        </div>
        <form
          className="mt-3 flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            f.submit(() => createZoneAction(newZone), (d) => `Created the zone ${d.name}.`, () => setNewZone(""));
          }}
        >
          <Field id="zone-name" label="New zone" error={f.fieldError("name")}>
            <Input id="zone-name" className="w-64" placeholder="example.com" value={newZone} onChange={(e) => setNewZone(e.target.value)} error={f.fieldError("name")} disabled={Boolean(denied)} />
          </Field>
          <Button type="submit" variant="primary" disabledReason={denied}>
            Create zone
          </Button>
        </form>
      </section>
      {zone ? (
        <section aria-labelledby="records-title">
          <div className="mb-2 flex items-center justify-between">
            <h2 id="records-title" className="text-base font-semibold">
              Records of {zone.name} <span className="text-xs font-normal text-zinc-500">(serial {zone.serial})</span>
            </h2>
            <Button size="sm" variant="danger" disabledReason={denied ?? (recordSets.length ? "Delete its records first." : null)} onClick={() => f.submit(() => deleteZoneAction(zone.id), (d) => `Deleted the zone ${d.name}.`)}>
              Delete zone
            </Button>
          </div>
          <Table label="Record sets">
            <thead className="bg-zinc-50">
              <tr>
                <Th>Name</Th>
                <Th>Type</Th>
                <Th>TTL</Th>
                <Th>Values</Th>
                <Th>Answers now</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {recordSets.length === 0 ? <Empty colSpan={6}>No records.</Empty> : null}
              {recordSets.map((r) => (
                <tr key={r.id}>
                  <Td className="font-mono text-xs">{r.name}</Td>
                  <Td>{r.type}</Td>
                  <Td>{r.ttl.toLocaleString("en-US")} s</Td>
                  <Td className="whitespace-normal text-xs">{r.values.map(describe).join(", ")}</Td>
                  <Td className="font-mono text-xs">{r.answers.length ? r.answers.join(", ") : <span className="text-amber-800">nothing (NODATA)</span>}</Td>
                  <Td className="text-right">
                    <Button size="sm" disabledReason={denied} onClick={() => f.submit(() => deleteRecordSetAction(zone.id, r.id), (d) => `Deleted ${d.name} ${d.type}.`)}>
                      Delete {r.name} {r.type}
                    </Button>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <RecordForm zoneId={zone.id} zoneName={zone.name} targets={targets} denied={denied} />
        </section>
      ) : null}
    </div>
  );
}
