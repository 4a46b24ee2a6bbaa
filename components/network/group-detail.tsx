"use client";
// One security group: its rules as a table and as ec2-authorize lines, adding
// several rules at once (with templates), revoking, and deleting the group.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { SecurityGroupView } from "@/lib/control-plane/groups/groups";
import { denial, type Role } from "@/lib/auth/roles";
import { RULE_TEMPLATES } from "@/lib/net/rules";
import { authorizeAction, revokeRuleAction, deleteGroupAction } from "@/lib/actions/network";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td, Empty, ActionsTh, ActionsTd } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Input, Select } from "@/components/ui/field";
import { useFormAction } from "@/components/catalog/use-form-action";
import { ConfirmDialog, LossList } from "@/components/ui/confirm-dialog";
import { useConfirm } from "@/components/ui/use-confirm";
import { useRevokeRule } from "./revoke-rule-dialog";

interface Row {
  protocol: string;
  fromPort: string;
  toPort: string;
  sourceKind: "cidr" | "group";
  cidr: string;
  sourceGroup: string;
  description: string;
}

const blank = (): Row => ({ protocol: "tcp", fromPort: "", toPort: "", sourceKind: "cidr", cidr: "0.0.0.0/0", sourceGroup: "", description: "" });

export function GroupDetail({ group, groups, role }: { group: SecurityGroupView; groups: { id: string; name: string }[]; role: Role }) {
  const f = useFormAction();
  const router = useRouter();
  const del = useConfirm<SecurityGroupView>();
  const revoke = useRevokeRule<SecurityGroupView["rules"][number]>({ direction: "inbound", group, line: (r) => r.line, revoke: (r) => revokeRuleAction(group.id, r.id), last: group.rules.length === 1 });
  const denied = denial(role, "groups.write");
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-zinc-500">
        <Link href="/security-groups" className="hover:underline">
          Security groups
        </Link>{" "}
        / {group.name}
      </nav>
      <PageHeader
        title={`Security group ${group.name}`}
        description={
          <>
            <span className="font-mono text-xs">{group.id}</span> · {group.description}
          </>
        }
        actions={
          <Button
            variant="danger"
            disabledReason={denied ?? deleteBlocked(group)}
            onClick={() => del.ask(group)}
          >
            Delete group
          </Button>
        }
      />
      {f.error ? <Alert tone="error">{f.error.message}</Alert> : null}
      {f.notice ? <Alert tone="success">{f.notice}</Alert> : null}
      {revoke.view}
      <ConfirmDialog
        open={del.open}
        title="Delete security group"
        confirmLabel={`Delete security group ${group.name}`}
        pending={del.pending}
        error={del.error}
        onClose={del.close}
        onConfirm={() => del.run((g) => deleteGroupAction(g.id), () => `Deleted ${group.name}.`, () => router.push("/security-groups"))}
      >
        <p>
          Delete <strong>{group.name}</strong> (<span className="font-mono text-xs">{group.id}</span>)?
        </p>
        <LossList
          items={[
            group.rules.length ? `Its ${group.rules.length} inbound rule${group.rules.length === 1 ? "" : "s"}, such as ${group.rules[0].line}.` : "It has no inbound rules.",
            group.instanceIds.length
              ? `${group.instanceIds.length} instance${group.instanceIds.length === 1 ? " is" : "s are"} in it: a group in use can't be deleted until they are terminated.`
              : "No instance is in it.",
            "This can't be undone: a new group of the same name gets a new id, and rules elsewhere naming this one must be added again.",
          ]}
        />
      </ConfirmDialog>

      <Table label="Inbound rules">
        <thead className="bg-zinc-50">
          <tr>
            <Th>Protocol</Th>
            <Th>Ports</Th>
            <Th>Source</Th>
            <Th>Description</Th>
            <Th>As ec2-authorize</Th>
            <ActionsTh />
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {group.rules.length === 0 ? <Empty colSpan={6}>No inbound rules: nothing from outside the group gets in.</Empty> : null}
          {group.rules.map((r) => (
            <tr key={r.id}>
              <Td>{r.protocol}</Td>
              <Td>{r.protocol === "all" ? "all" : r.protocol === "icmp" ? `type ${r.fromPort}, code ${r.toPort}` : r.fromPort === r.toPort ? r.fromPort : `${r.fromPort}–${r.toPort}`}</Td>
              <Td className="font-mono text-xs">{r.cidr ?? `group ${r.sourceGroupName}`}</Td>
              <Td>{r.description || "—"}</Td>
              <Td className="font-mono text-xs">{r.line}</Td>
              <ActionsTd>
                <Button size="sm" variant="ghost" disabledReason={denied} aria-label={`Revoke ${r.line}`} onClick={() => revoke.ask(r)}>
                  Revoke
                </Button>
              </ActionsTd>
            </tr>
          ))}
        </tbody>
      </Table>

      <AddRules groupId={group.id} groups={groups} denied={denied} />

      <section aria-label="Members" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
        <h2 className="text-sm font-semibold">Instances in this group</h2>
        {group.instanceIds.length === 0 ? (
          <p className="mt-1 text-sm text-zinc-500">None.</p>
        ) : (
          <ul className="mt-1 flex flex-wrap gap-x-4 font-mono text-xs">
            {group.instanceIds.map((id) => (
              <li key={id}>
                <Link href={`/instances/${id}`} className="text-sky-800 hover:underline">
                  {id}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function AddRules({ groupId, groups, denied }: { groupId: string; groups: { id: string; name: string }[]; denied: string | null }) {
  const f = useFormAction();
  const [rows, setRows] = useState<Row[]>([]);
  const set = (i: number, patch: Partial<Row>) => {
    f.clearError();
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  const err = (i: number, field: string) => (f.error?.field === `rules.${i}.${field}` ? f.error.message : null);
  return (
    <section aria-label="Add inbound rules" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
      <h2 className="text-sm font-semibold">Add inbound rules</h2>
      <div className="mt-2 flex flex-wrap items-center gap-2" role="group" aria-label="Rule templates">
        <span className="text-xs text-zinc-600">Templates:</span>
        {RULE_TEMPLATES.map((t) => (
          <Button key={t.label} size="sm" disabledReason={denied} onClick={() => setRows([...rows, { ...blank(), protocol: t.protocol, fromPort: String(t.fromPort), toPort: String(t.toPort) }])}>
            {t.label}
          </Button>
        ))}
        <Button size="sm" variant="ghost" disabledReason={denied} onClick={() => setRows([...rows, blank()])}>
          Custom rule
        </Button>
      </div>
      {f.error && (!f.error.field || !f.error.field.startsWith("rules.")) ? (
        <div className="mt-2">
          <Alert tone="error">{f.error.message}</Alert>
        </div>
      ) : null}
      {f.notice ? (
        <div className="mt-2">
          <Alert tone="success">{f.notice}</Alert>
        </div>
      ) : null}
      {rows.length ? (
        <form
          className="mt-3 space-y-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            f.submit(
              () =>
                authorizeAction(
                  groupId,
                  rows.map((r) => ({ protocol: r.protocol, fromPort: r.fromPort, toPort: r.toPort, cidr: r.sourceKind === "cidr" ? r.cidr : null, sourceGroup: r.sourceKind === "group" ? r.sourceGroup : null, description: r.description })),
                ),
              (d) => `Added ${d.ruleIds.length} rule${d.ruleIds.length === 1 ? "" : "s"}. Running instances in the group enforce them now.`,
              () => setRows([]),
            );
          }}
        >
          {rows.map((r, i) => {
            const n = i + 1;
            const icmp = r.protocol === "icmp";
            return (
              <fieldset key={i} className="flex flex-wrap items-start gap-2 rounded border border-zinc-200 p-2">
                <legend className="px-1 text-xs text-zinc-500">Rule {n}</legend>
                <RuleField id={`rule-${n}-protocol`} label={`Protocol (rule ${n})`} error={err(i, "protocol")}>
                  <Select id={`rule-${n}-protocol`} value={r.protocol} onChange={(e) => set(i, { protocol: e.target.value })} className="w-24">
                    <option value="tcp">tcp</option>
                    <option value="udp">udp</option>
                    <option value="icmp">icmp</option>
                    <option value="all">all</option>
                  </Select>
                </RuleField>
                {r.protocol !== "all" ? (
                  <>
                    <RuleField id={`rule-${n}-from`} label={`${icmp ? "ICMP type" : "From port"} (rule ${n})`} error={err(i, "fromPort")}>
                      <Input id={`rule-${n}-from`} value={r.fromPort} onChange={(e) => set(i, { fromPort: e.target.value })} className="w-24" inputMode="numeric" />
                    </RuleField>
                    <RuleField id={`rule-${n}-to`} label={`${icmp ? "ICMP code" : "To port"} (rule ${n})`} error={err(i, "toPort")}>
                      <Input id={`rule-${n}-to`} value={r.toPort} onChange={(e) => set(i, { toPort: e.target.value })} className="w-24" inputMode="numeric" />
                    </RuleField>
                  </>
                ) : null}
                <RuleField id={`rule-${n}-kind`} label={`Source type (rule ${n})`}>
                  <Select id={`rule-${n}-kind`} value={r.sourceKind} onChange={(e) => set(i, { sourceKind: e.target.value as Row["sourceKind"] })} className="w-32">
                    <option value="cidr">CIDR</option>
                    <option value="group">Security group</option>
                  </Select>
                </RuleField>
                {r.sourceKind === "cidr" ? (
                  <RuleField id={`rule-${n}-cidr`} label={`Source CIDR (rule ${n})`} error={err(i, "cidr") ?? err(i, "source")}>
                    <Input id={`rule-${n}-cidr`} value={r.cidr} onChange={(e) => set(i, { cidr: e.target.value })} className="w-44 font-mono" />
                  </RuleField>
                ) : (
                  <RuleField id={`rule-${n}-group`} label={`Source group (rule ${n})`} error={err(i, "sourceGroup") ?? err(i, "source")}>
                    <Select id={`rule-${n}-group`} value={r.sourceGroup} onChange={(e) => set(i, { sourceGroup: e.target.value })} className="w-44">
                      <option value="">Choose…</option>
                      {groups.map((g) => (
                        <option key={g.id} value={g.id}>
                          {g.name}
                        </option>
                      ))}
                    </Select>
                  </RuleField>
                )}
                <RuleField id={`rule-${n}-description`} label={`Description (rule ${n})`}>
                  <Input id={`rule-${n}-description`} value={r.description} onChange={(e) => set(i, { description: e.target.value })} className="w-48" />
                </RuleField>
                <Button size="sm" variant="ghost" className="mt-5" onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label={`Remove rule ${n}`}>
                  Remove
                </Button>
              </fieldset>
            );
          })}
          <Button type="submit" variant="primary" disabled={f.pending}>
            Add {rows.length} rule{rows.length === 1 ? "" : "s"}
          </Button>
        </form>
      ) : (
        <p className="mt-2 text-sm text-zinc-500">Pick a template or a custom rule; add several, then save them together.</p>
      )}
    </section>
  );
}

function RuleField({ id, label, error, children }: { id: string; label: string; error?: string | null; children: React.ReactNode }) {
  return (
    <div className="space-y-0.5">
      <label htmlFor={id} className="block text-xs font-medium text-zinc-600">
        {label.replace(/ \(rule \d+\)$/, "")}
        <span className="sr-only">{label.match(/ \(rule \d+\)$/)?.[0]}</span>
      </label>
      {children}
      {error ? (
        <p role="alert" className="max-w-md text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Why the group can't be deleted now (the verb refuses the same cases), or null. */
function deleteBlocked(group: SecurityGroupView): string | null {
  if (group.name === "default") return "The default group can't be deleted.";
  const n = group.instanceIds.length;
  return n ? `In use by ${n} instance${n === 1 ? "" : "s"}: a group can be deleted once they are terminated.` : null;
}
