"use client";
import Link from "next/link";
import { useState } from "react";
import { denial, type Role } from "@/lib/auth/roles";
import { allocateAddressAction, associateAddressAction, disassociateAddressAction, releaseAddressAction } from "@/lib/actions/network";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td, Empty } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Select } from "@/components/ui/field";
import { useFormAction } from "@/components/catalog/use-form-action";

interface Address {
  allocationId: string;
  publicIp: string;
  instanceId: string | null;
  associationId: string | null;
}

export function AddressesView({ addresses, instances, role }: { addresses: Address[]; instances: { id: string; name: string; publicIp: string | null }[]; role: Role }) {
  const f = useFormAction();
  const denied = denial(role, "addresses.write");
  return (
    <div>
      <PageHeader
        title="Elastic IPs"
        description="Static public addresses your team holds. Associate one with a running instance, move it to another in one step for failover, release it when done. An address not attached to a running instance is billed by the hour."
        actions={
          <Button variant="primary" disabledReason={denied} onClick={() => f.submit(() => allocateAddressAction(), (d) => `Allocated ${d.publicIp} (${d.allocationId}).`)}>
            Allocate Elastic IP
          </Button>
        }
      />
      {f.error ? <Alert tone="error">{f.error.message}</Alert> : null}
      {f.notice ? <Alert tone="success">{f.notice}</Alert> : null}
      <div className="mt-3">
        <Table label="Elastic IPs">
          <thead className="bg-zinc-50">
            <tr>
              <Th>Address</Th>
              <Th>Allocation ID</Th>
              <Th>Instance</Th>
              <Th>Associate or move to</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {addresses.length === 0 ? <Empty colSpan={5}>No Elastic IPs.</Empty> : null}
            {addresses.map((a) => (
              <AddressRow key={a.allocationId} a={a} instances={instances} denied={denied} f={f} />
            ))}
          </tbody>
        </Table>
      </div>
    </div>
  );
}

function AddressRow({ a, instances, denied, f }: { a: Address; instances: { id: string; name: string }[]; denied: string | null; f: ReturnType<typeof useFormAction> }) {
  const [target, setTarget] = useState("");
  return (
    <tr>
      <Td className="font-mono">{a.publicIp}</Td>
      <Td className="font-mono text-xs">{a.allocationId}</Td>
      <Td>
        {a.instanceId ? (
          <Link href={`/instances/${a.instanceId}`} className="font-mono text-xs text-sky-800 hover:underline">
            {a.instanceId}
          </Link>
        ) : (
          <span className="text-amber-800">idle (billed)</span>
        )}
      </Td>
      <Td>
        <div className="flex gap-2">
          <label htmlFor={`assoc-${a.allocationId}`} className="sr-only">
            Instance for {a.publicIp}
          </label>
          <Select id={`assoc-${a.allocationId}`} value={target} onChange={(e) => setTarget(e.target.value)} className="w-64" disabled={Boolean(denied)}>
            <option value="">Choose a running instance…</option>
            {instances
              .filter((i) => i.id !== a.instanceId)
              .map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name ? `${i.name} — ` : ""}
                  {i.id}
                </option>
              ))}
          </Select>
          <Button
            size="sm"
            disabledReason={denied ?? (target ? null : "Choose an instance first.")}
            onClick={() => f.submit(() => associateAddressAction(a.allocationId, target), (d) => (d.movedFrom ? `Moved ${d.publicIp} from ${d.movedFrom} to ${d.instanceId}.` : `Associated ${d.publicIp} with ${d.instanceId}.`))}
          >
            {a.instanceId ? "Move" : "Associate"}
          </Button>
        </div>
      </Td>
      <Td className="space-x-1 text-right">
        <Button size="sm" disabledReason={denied ?? (a.instanceId ? null : "Not associated.")} onClick={() => f.submit(() => disassociateAddressAction(a.allocationId), (d) => `Disassociated ${d.publicIp}.`)}>
          Disassociate
        </Button>
        <Button size="sm" variant="danger" disabledReason={denied ?? (a.instanceId ? "Disassociate it first." : null)} onClick={() => f.submit(() => releaseAddressAction(a.allocationId), (d) => `Released ${d.publicIp}.`)}>
          Release
        </Button>
      </Td>
    </tr>
  );
}
