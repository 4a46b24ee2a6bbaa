"use client";
// A security group's outbound rules: where its members may send traffic (all
// of it to 0.0.0.0/0 until changed, as in EC2), revoking one, adding one.
import { useState } from "react";
import type { SecurityGroupView } from "@/lib/control-plane/groups/groups";
import { denial, type Role } from "@/lib/auth/roles";
import { authorizeEgressAction, revokeEgressAction } from "@/lib/actions/egress";
import { Table, Th, Td, Empty } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field, Input, Select } from "@/components/ui/field";
import { useFormAction } from "@/components/catalog/use-form-action";
import { useRevokeRule } from "./revoke-rule-dialog";

type Rule = SecurityGroupView["egress"][number];

const ports = (r: Rule) => (r.protocol === "all" ? "all" : r.protocol === "icmp" ? `type ${r.fromPort}, code ${r.toPort}` : r.fromPort === r.toPort ? String(r.fromPort) : `${r.fromPort}–${r.toPort}`);
const line = (r: Rule) => `ALLOWS ${r.protocol}${r.protocol === "all" ? "" : ` ${r.fromPort} ${r.toPort}`} TO ${r.cidr ? `CIDR ${r.cidr}` : `GRPNAME ${r.destGroupName}`}`;

export function EgressRules({ group, groups, role }: { group: SecurityGroupView; groups: { id: string; name: string }[]; role: Role }) {
  const f = useFormAction();
  const revoke = useRevokeRule<Rule>({ direction: "outbound", group, line, revoke: (r) => revokeEgressAction(group.id, r.id), last: group.egress.length === 1 });
  const denied = denial(role, "groups.write");
  return (
    <section aria-label="Outbound rules" className="space-y-3">
      <h2 className="text-sm font-semibold">Outbound rules</h2>
      <p className="text-xs text-zinc-600">
        Where members may send traffic; replies to allowed inbound traffic always flow. Real VMs (the qemu provider) can open no connection of their own except to the
        metadata service, whatever these rules allow.
      </p>
      {f.error && !f.error.field?.startsWith("rules.") ? <Alert tone="error">{f.error.message}</Alert> : null}
      {f.notice ? <Alert tone="success">{f.notice}</Alert> : null}
      {revoke.view}
      <Table label="Outbound rules">
        <thead className="bg-zinc-50">
          <tr>
            <Th>Protocol</Th>
            <Th>Ports</Th>
            <Th>Destination</Th>
            <Th>Description</Th>
            <Th>Rule</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {group.egress.length === 0 ? <Empty colSpan={6}>No outbound rules: members can send nothing out (replies to allowed inbound traffic still flow).</Empty> : null}
          {group.egress.map((r) => (
            <tr key={r.id}>
              <Td>{r.protocol}</Td>
              <Td>{ports(r)}</Td>
              <Td className="font-mono text-xs">{r.cidr ?? `group ${r.destGroupName}`}</Td>
              <Td>{r.description || "—"}</Td>
              <Td className="font-mono text-xs">{line(r)}</Td>
              <Td className="text-right">
                <Button size="sm" variant="ghost" disabledReason={denied} aria-label={`Revoke ${line(r)}`} onClick={() => revoke.ask(r)}>
                  Revoke
                </Button>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <AddEgressRule groupId={group.id} groups={groups} denied={denied} />
    </section>
  );
}

function AddEgressRule({ groupId, groups, denied }: { groupId: string; groups: { id: string; name: string }[]; denied: string | null }) {
  const f = useFormAction();
  const [protocol, setProtocol] = useState("tcp");
  const [fromPort, setFrom] = useState("");
  const [toPort, setTo] = useState("");
  const [kind, setKind] = useState<"cidr" | "group">("cidr");
  const [cidr, setCidr] = useState("0.0.0.0/0");
  const [destGroup, setDest] = useState("");
  const [description, setDescription] = useState("");
  const err = (field: string) => f.fieldError(`rules.0.${field}`);
  const icmp = protocol === "icmp";
  return (
    <form
      aria-label="Add an outbound rule"
      noValidate
      className="rounded-lg bg-white p-4 ring-1 ring-zinc-200"
      onSubmit={(e) => {
        e.preventDefault();
        f.submit(
          () => authorizeEgressAction(groupId, [{ protocol, fromPort, toPort, cidr: kind === "cidr" ? cidr : null, destGroup: kind === "group" ? destGroup : null, description }]),
          () => "Added the outbound rule.",
          () => {
            setFrom("");
            setTo("");
            setDescription("");
          },
        );
      }}
    >
      <h3 className="text-sm font-semibold">Add an outbound rule</h3>
      {f.error && !f.error.field?.startsWith("rules.0.") ? (
        <div className="mt-2">
          <Alert tone="error">{f.error.message}</Alert>
        </div>
      ) : null}
      {f.notice ? (
        <div className="mt-2">
          <Alert tone="success">{f.notice}</Alert>
        </div>
      ) : null}
      <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <Field id="egress-protocol" label="Outbound protocol" error={err("protocol")}>
          <Select id="egress-protocol" value={protocol} onChange={(e) => setProtocol(e.target.value)}>
            <option value="tcp">tcp</option>
            <option value="udp">udp</option>
            <option value="icmp">icmp</option>
            <option value="all">all</option>
          </Select>
        </Field>
        {protocol !== "all" ? (
          <>
            <Field id="egress-from" label={icmp ? "Outbound ICMP type" : "Outbound from port"} error={err("fromPort")}>
              <Input id="egress-from" value={fromPort} onChange={(e) => setFrom(e.target.value)} inputMode="numeric" error={err("fromPort")} />
            </Field>
            <Field id="egress-to" label={icmp ? "Outbound ICMP code" : "Outbound to port"} error={err("toPort")}>
              <Input id="egress-to" value={toPort} onChange={(e) => setTo(e.target.value)} inputMode="numeric" error={err("toPort")} />
            </Field>
          </>
        ) : null}
        <Field id="egress-kind" label="Destination type">
          <Select id="egress-kind" value={kind} onChange={(e) => setKind(e.target.value as "cidr" | "group")}>
            <option value="cidr">CIDR</option>
            <option value="group">Security group</option>
          </Select>
        </Field>
        {kind === "cidr" ? (
          <Field id="egress-cidr" label="Destination CIDR" error={err("cidr")}>
            <Input id="egress-cidr" value={cidr} onChange={(e) => setCidr(e.target.value)} className="font-mono" error={err("cidr")} />
          </Field>
        ) : (
          <Field id="egress-group" label="Destination group" error={err("destGroup") ?? err("cidr")}>
            <Select id="egress-group" value={destGroup} onChange={(e) => setDest(e.target.value)}>
              <option value="">Choose…</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <Field id="egress-description" label="Outbound description">
          <Input id="egress-description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
      </div>
      <Button type="submit" variant="primary" className="mt-3" disabledReason={denied} disabled={f.pending}>
        Add outbound rule
      </Button>
    </form>
  );
}
