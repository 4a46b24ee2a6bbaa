"use client";
// One instance: state and reason, history, addresses, placement, tags (edit),
// user data, and its actions — always shown, disabled with the reason.
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { instanceDetailQuery } from "@/lib/queries/instances";
import { can, type InstanceAction } from "@/lib/instance-state";
import { denial, type Permission, type Role } from "@/lib/auth/roles";
import { rebootAction, startAction, stopAction, terminateAction, simulateFailureAction, setTagAction, deleteTagAction } from "@/lib/actions/instances";
import type { InstanceDetail } from "@/lib/control-plane/instances/list";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Time, formatUtc } from "@/components/ui/time";
import { StateBadge } from "./state-badge";
import { ConfirmDialog } from "./confirm-dialog";
import { useInstanceAction } from "./use-instance-action";
import { AccessPanel } from "./access-panel";
import { EventsPanel } from "./events-panel";
import { CostPanel } from "./cost-panel";
import { PortsPanel } from "./ports-panel";
import { allows } from "@/lib/auth/roles";
import { ConsoleView } from "./console-view";
import { MetadataView } from "./metadata-view";
import { Tabs } from "@/components/ui/tabs";
import { TextField, useVerbForm } from "@/components/ui/form";
import { tagSchema } from "@/lib/control-plane/instances/schemas";
import { instanceKeys } from "@/lib/queries/instances";
import { ScrollBox } from "@/components/ui/table";

const ACTIONS: { action: InstanceAction; label: string; permission: Permission; danger?: boolean; confirm?: string }[] = [
  { action: "reboot", label: "Reboot", permission: "instances.reboot" },
  { action: "stop", label: "Stop", permission: "instances.stop", confirm: "Stopping releases the public address; the private address and the EBS root volume stay." },
  { action: "start", label: "Start", permission: "instances.start" },
  { action: "terminate", label: "Terminate", permission: "instances.terminate", danger: true, confirm: "Terminating destroys the instance and its instance storage. This can't be undone." },
];

export function InstanceDetailView({ id, role, peers }: { id: string; role: Role; peers: { id: string; name: string }[] }) {
  const { data: inst, error } = useQuery(instanceDetailQuery(id));
  const act = useInstanceAction();
  const [confirm, setConfirm] = useState<InstanceAction | null>(null);
  if (!inst) return error ? <Alert tone="error">{error.message}</Alert> : <p>Loading…</p>;

  const subject = { state: inst.state, rootDeviceType: inst.rootDeviceType };
  const reasonFor = (a: InstanceAction, p: Permission) => {
    const v = can[a](subject);
    const locked = a === "terminate" && inst.terminationProtected ? "Termination protection is on (disableApiTermination): turn it off first." : a === "stop" && inst.stopProtected ? "Stop protection is on (disableApiStop): turn it off first." : null;
    return denial(role, p) ?? (v.ok ? locked : v.reason);
  };
  const run = (a: InstanceAction) => {
    const fns = { reboot: rebootAction, stop: stopAction, start: startAction, terminate: terminateAction } as const;
    if (a === "simulateFailure") {
      act.run(() => simulateFailureAction(inst.id), () => `Simulated a hardware failure on ${inst.id}.`, () => setConfirm(null));
      return;
    }
    const done = { reboot: "Rebooting", stop: "Stopping", start: "Starting", terminate: "Terminating" }[a];
    act.run(() => fns[a]([inst.id]), () => `${done} ${inst.id}.`, () => setConfirm(null));
  };
  const confirming = ACTIONS.find((a) => a.action === confirm);

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-zinc-500">
        <Link href="/instances" className="hover:underline">
          Instances
        </Link>{" "}
        / <span className="font-mono">{inst.id}</span>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1 text-xl font-semibold tracking-tight">
            <span className="font-mono">{inst.id}</span>
            {inst.name ? <span className="min-w-0 break-all text-zinc-500">({inst.name})</span> : null}
            <StateBadge state={inst.state} />
          </h1>
          {inst.stateReason.message || inst.stateReason.code ? (
            <p className="mt-1 text-sm text-zinc-600">
              State reason: {inst.stateReason.code ? <code className="text-xs">{inst.stateReason.code}</code> : null} {inst.stateReason.message}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2" role="group" aria-label="Instance actions">
          {ACTIONS.map((a) => (
            <Button key={a.action} variant={a.danger ? "danger" : "secondary"} disabledReason={reasonFor(a.action, a.permission)} onClick={() => setConfirm(a.action)}>
              {a.label}
            </Button>
          ))}
          <Button variant="ghost" disabledReason={reasonFor("simulateFailure", "instances.fail")} onClick={() => setConfirm("simulateFailure")}>
            Simulate hardware failure
          </Button>
        </div>
      </div>
      {act.message ? <Alert tone={act.message.tone}>{act.message.text}</Alert> : null}
      {inst.storageLost ? (
        <Alert tone="warning" title="Instance storage is gone">
          This instance failed ({inst.stateReason.code}). Its instance storage was destroyed with it, as on EC2: anything not saved elsewhere is lost.
        </Alert>
      ) : null}

      {inst.events.length ? (
        <Alert tone="warning" title="Scheduled event">
          {inst.events.map((e) => `${e.code} not before ${formatUtc(e.notBefore)}`).join("; ")}
        </Alert>
      ) : null}
      <Tabs
        label="Instance"
        tabs={[
          {
            id: "details",
            label: "Details",
            render: () => (
              <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-2">
                <Panel title="Details">
                  <dl>
                  <Row label="Image">
                    <span className="font-mono">{inst.imageId}</span> {inst.imageName ? <span className="text-zinc-500">— {inst.imageName}</span> : null}
                  </Row>
                  <Row label="Instance type">{inst.instanceType}</Row>
                  <Row label="Architecture">{inst.architecture}</Row>
                  <Row label="Root device">{inst.rootDeviceType}</Row>
                  <Row label="Reservation">
                    <span className="font-mono">{inst.reservationId}</span>
                  </Row>
                  <Row label="Launch index">{inst.launchIndex}</Row>
                  <Row label="Key pair">{inst.keyName ?? "—"}</Row>
                  <Row label="Launched">
                    <Time iso={inst.launchedAt} seconds />
                  </Row>
                  <Row label="Launched by">{inst.launchedBy}</Row>
                  <Row label="Provider">{inst.provider}</Row>
                  </dl>
                </Panel>
                <Panel title="Networking">
                  <dl>
                  <Row label="Public IP">
                    {inst.publicIp ?? "—"} {inst.elasticIp ? <span className="text-xs text-emerald-800">(Elastic IP {inst.elasticIp.allocationId})</span> : null}
                  </Row>
                  <Row label="Public DNS">{inst.publicDns || "—"}</Row>
                  <Row label="Private IP">{inst.privateIp ?? "—"}</Row>
                  <Row label="Private DNS">{inst.privateDns || "—"}</Row>
                  <Row label="Availability zone">{inst.availabilityZone}</Row>
                  <Row label="VPC">{inst.network.vpcId ? <span className="font-mono text-xs">{inst.network.vpcId}</span> : "—"}</Row>
                  <Row label="Subnet">{inst.network.subnetId ? <span className="font-mono text-xs">{inst.network.subnetId}</span> : "—"}</Row>
                  <Row label="Network interface">{inst.network.networkInterfaceId ? <span className="font-mono text-xs">{inst.network.networkInterfaceId}</span> : "—"}</Row>
                  <Row label="Security groups">
                    {inst.groups.length ? inst.groups.map((g) => (
                      <Link key={g.id} href={`/security-groups/${g.id}`} className="mr-2 text-sky-800 hover:underline">
                        {g.name} <span className="font-mono text-xs text-zinc-500">({g.id})</span>
                      </Link>
                    )) : "—"}
                  </Row>
                  </dl>
                </Panel>
              </div>
        
              <AccessPanel inst={inst} peers={peers} />
              {inst.provider === "qemu" ? <PortsPanel instanceId={inst.id} running={inst.state === "running"} /> : null}
        
              <TagsPanel inst={inst} role={role} />
        
              <Panel title="User data">
                {inst.userData === null ? (
                  <p className="text-sm text-zinc-500">None.</p>
                ) : inst.userData.encoding === "text" ? (
                  <pre className="max-h-64 overflow-auto rounded bg-zinc-50 p-2 font-mono text-xs">{inst.userData.value}</pre>
                ) : (
                  <>
                    <p className="text-xs text-zinc-500">Binary or not UTF-8: shown as base64.</p>
                    <pre className="max-h-64 overflow-auto break-all whitespace-pre-wrap rounded bg-zinc-50 p-2 font-mono text-xs">{inst.userData.value}</pre>
                  </>
                )}
              </Panel>
        
              <Panel title="State history">
                <ScrollBox><table aria-label="State history" className="min-w-full text-sm">
                  <thead>
                    <tr className="text-left text-xs uppercase text-zinc-500">
                      <th scope="col" className="py-1 pr-4">Time</th>
                      <th scope="col" className="py-1 pr-4">From</th>
                      <th scope="col" className="py-1 pr-4">To</th>
                      <th scope="col" className="py-1">Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {inst.history.map((h, i) => (
                      <tr key={i} className="border-t border-zinc-100">
                        <td className="py-1 pr-4 whitespace-nowrap"><Time iso={h.at} seconds /></td>
                        <td className="py-1 pr-4">{h.from || "—"}</td>
                        <td className="py-1 pr-4">{h.to}</td>
                        <td className="py-1">
                          {h.reasonCode ? <code className="mr-1 text-xs">{h.reasonCode}</code> : null}
                          {h.reasonMsg}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table></ScrollBox>
              </Panel>
        
                        {allows(role, "costs.read") ? <CostPanel instanceId={inst.id} /> : null}
                <EventsPanel inst={inst} role={role} />
              </div>
            ),
          },
          { id: "console", label: "Console", render: () => <ConsoleView instanceId={inst.id} /> },
          { id: "metadata", label: "Metadata", render: () => <MetadataView instanceId={inst.id} /> },
        ]}
      />

      <ConfirmDialog
        open={confirm !== null}
        title={confirm === "simulateFailure" ? "Simulate hardware failure" : `${confirming?.label ?? ""} instance`}
        verb={confirm === "simulateFailure" ? "Fail" : (confirming?.label ?? "")}
        danger={confirm === "terminate" || confirm === "simulateFailure"}
        ids={[inst.id]}
        pending={act.pending}
        warning={confirm === "simulateFailure" ? "The instance dies at once with Server.InternalError, and its instance storage is lost — as when EC2 hardware failed." : confirming?.confirm}
        onClose={() => setConfirm(null)}
        onConfirm={() => confirm && run(confirm)}
      />
    </div>
  );
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="rounded-lg bg-white p-4 shadow-xs ring-1 ring-zinc-200">
      <h2 className="mb-2 text-sm font-semibold text-zinc-800">{title}</h2>
      {children}
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-2 border-t border-zinc-100 py-1.5 text-sm first:border-t-0">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="col-span-2 break-all">{children}</dd>
    </div>
  );
}

function TagsPanel({ inst, role }: { inst: InstanceDetail; role: Role }) {
  const act = useInstanceAction();
  const qc = useQueryClient();
  // The tag rules of the verbs (key 1–128, not aws:, value ≤ 256), checked as typed.
  const tag = useVerbForm(tagSchema, { key: "", value: "" }, { refresh: false });
  const denied = denial(role, "instances.tag") ?? (inst.state === "terminated" ? "Terminated instances can't be tagged." : null);
  const entries = Object.entries(inst.tags).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Panel title="Tags">
      {act.message?.tone === "error" ? <Alert tone="error">{act.message.text}</Alert> : null}
      {tag.formError ? <Alert tone="error">{tag.formError}</Alert> : null}
      <ScrollBox><table aria-label="Tags" className="min-w-full text-sm">
        <tbody>
          {entries.length === 0 ? (
            <tr>
              <td className="py-1 text-zinc-500">No tags.</td>
            </tr>
          ) : null}
          {entries.map(([k, v]) => (
            <tr key={k} className="border-t border-zinc-100">
              <th scope="row" className="py-1 pr-4 text-left font-medium">{k}</th>
              <td className="py-1 pr-4">{v}</td>
              <td className="py-1 text-right">
                <Button size="sm" variant="ghost" disabledReason={denied} onClick={() => act.run(() => deleteTagAction(inst.id, k), () => `Removed ${k}.`)} aria-label={`Remove tag ${k}`}>
                  Remove
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table></ScrollBox>
      <form
        className="mt-3 flex flex-wrap items-start gap-2"
        noValidate
        onSubmit={tag.submit(
          (v) => setTagAction(inst.id, v.key, v.value),
          () => null,
          async () => {
            tag.form.reset();
            await qc.invalidateQueries({ queryKey: instanceKeys.all });
          },
        )}
      >
        <TextField form={tag.form} name="key" id="tag-key" label="Key" disabled={Boolean(denied)} />
        <TextField form={tag.form} name="value" id="tag-value" label="Value" disabled={Boolean(denied)} />
        <Button type="submit" size="sm" className="sm:mt-6" disabledReason={denied} disabled={tag.pending}>
          Save tag
        </Button>
      </form>
    </Panel>
  );
}
