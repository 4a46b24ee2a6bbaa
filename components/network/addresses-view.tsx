"use client";
// Elastic IPs: allocate; associate with a running instance or move to
// another (failover); disassociate; release. Moving and releasing say first
// what the change takes away.
import Link from "next/link";
import { useState } from "react";
import { denial, type Role } from "@/lib/auth/roles";
import { allocateAddressAction, associateAddressAction, disassociateAddressAction, releaseAddressAction } from "@/lib/actions/network";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td, Empty, ActionsTh, ActionsTd } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Select } from "@/components/ui/field";
import { ConfirmDialog, LossList } from "@/components/ui/confirm-dialog";
import { useConfirm } from "@/components/ui/use-confirm";
import { useFormAction } from "@/components/catalog/use-form-action";

interface Address {
  allocationId: string;
  publicIp: string;
  instanceId: string | null;
  associationId: string | null;
}
interface Running {
  id: string;
  name: string;
  publicIp: string | null;
}

export function AddressesView({ addresses, instances, role }: { addresses: Address[]; instances: Running[]; role: Role }) {
  const f = useFormAction();
  const move = useConfirm<{ a: Address; to: string }>();
  const release = useConfirm<Address>();
  const denied = denial(role, "addresses.write");
  const label = (id: string | null) => {
    const i = instances.find((x) => x.id === id);
    return i?.name ? `${id} (${i.name})` : (id ?? "");
  };
  const eipOf = (instanceId: string) => addresses.find((x) => x.instanceId === instanceId);
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
      {[f.notice, move.notice, release.notice].filter(Boolean).map((n) => (
        <Alert key={n} tone="success">
          {n}
        </Alert>
      ))}
      <div className="mt-3">
        <Table label="Elastic IPs">
          <thead className="bg-zinc-50">
            <tr>
              <Th>Address</Th>
              <Th>Allocation ID</Th>
              <Th>Instance</Th>
              <Th>Associate or move to</Th>
              <ActionsTh />
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {addresses.length === 0 ? <Empty colSpan={5}>No Elastic IPs.</Empty> : null}
            {addresses.map((a) => (
              <AddressRow
                key={a.allocationId}
                a={a}
                instances={instances}
                denied={denied}
                onAssociate={(to) =>
                  a.instanceId
                    ? move.ask({ a, to })
                    : f.submit(() => associateAddressAction(a.allocationId, to), (d) => `Associated ${d.publicIp} with ${d.instanceId}.`)
                }
                onDisassociate={() => f.submit(() => disassociateAddressAction(a.allocationId), (d) => `Disassociated ${d.publicIp}.`)}
                onRelease={() => release.ask(a)}
              />
            ))}
          </tbody>
        </Table>
      </div>
      <ConfirmDialog
        open={move.open}
        title="Move Elastic IP"
        confirmLabel={`Move ${move.target?.a.publicIp ?? ""} to ${move.target?.to ?? ""}`}
        pending={move.pending}
        error={move.error}
        onClose={move.close}
        onConfirm={() => move.run(({ a, to }) => associateAddressAction(a.allocationId, to), (d) => `Moved ${d.publicIp} from ${d.movedFrom} to ${d.instanceId}.`)}
      >
        {move.target ? (
          <>
            <p>
              Move <strong className="font-mono">{move.target.a.publicIp}</strong> from {label(move.target.a.instanceId)} to {label(move.target.to)}?
            </p>
            <LossList
              items={[
                `${label(move.target.a.instanceId)} loses ${move.target.a.publicIp}: traffic to it goes to ${move.target.to} from now on, and open connections to it break.`,
                `${move.target.a.instanceId} gets a new dynamic public address, different from any it had.`,
                ...(eipOf(move.target.to) ? [`${move.target.to} gives up its own Elastic IP ${eipOf(move.target.to)!.publicIp}, which becomes idle (and billed by the hour).`] : []),
              ]}
            />
          </>
        ) : null}
      </ConfirmDialog>
      <ConfirmDialog
        open={release.open}
        title="Release Elastic IP"
        confirmLabel={`Release ${release.target?.publicIp ?? ""}`}
        pending={release.pending}
        error={release.error}
        onClose={release.close}
        onConfirm={() => release.run((a) => releaseAddressAction(a.allocationId), (d) => `Released ${d.publicIp}.`)}
      >
        <p>
          Release <strong className="font-mono">{release.target?.publicIp}</strong> (<span className="font-mono text-xs">{release.target?.allocationId}</span>)?
        </p>
        <LossList
          items={[
            "The address goes back to the pool: you are unlikely to get the same one again, and it may go to another team.",
            "DNS records, firewall rules and client settings that name it stop reaching you.",
            "Its idle-hour billing stops.",
          ]}
        />
      </ConfirmDialog>
    </div>
  );
}

function AddressRow({ a, instances, denied, onAssociate, onDisassociate, onRelease }: { a: Address; instances: Running[]; denied: string | null; onAssociate: (to: string) => void; onDisassociate: () => void; onRelease: () => void }) {
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
          <Button size="sm" disabledReason={denied ?? (target ? null : "Choose an instance first.")} onClick={() => onAssociate(target)}>
            {a.instanceId ? "Move" : "Associate"}
          </Button>
        </div>
      </Td>
      <ActionsTd>
        <Button size="sm" disabledReason={denied ?? (a.instanceId ? null : "Not associated.")} onClick={onDisassociate}>
          Disassociate
        </Button>
        <Button size="sm" variant="danger" disabledReason={denied ?? (a.instanceId ? "Disassociate it first." : null)} onClick={onRelease}>
          Release
        </Button>
      </ActionsTd>
    </tr>
  );
}
