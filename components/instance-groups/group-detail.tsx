"use client";
// One instance group: its capacity (editable), members, scheduled actions and
// activity history. Refreshes itself while members come and go.
import Link from "next/link";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { denial, type Role } from "@/lib/auth/roles";
import type { GroupView } from "@/lib/control-plane/instance-groups/views";
import type { ActivityView } from "@/lib/control-plane/instance-groups/activities";
import type { ScheduledActionView } from "@/lib/control-plane/instance-groups/schedule";
import { updateCapacityAction, deleteGroupAction } from "@/lib/actions/instance-groups";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td, Empty } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { StateBadge } from "@/components/instances/state-badge";
import { isState, type InstanceState } from "@/lib/instance-state";
import { useFormAction } from "@/components/catalog/use-form-action";
import { useAutoRefresh } from "./use-auto-refresh";
import { SchedulesPanel } from "./schedules-panel";

const STATUS_TONE: Record<string, string> = {
  Successful: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  InProgress: "bg-amber-100 text-amber-900 ring-amber-300",
  Failed: "bg-red-100 text-red-900 ring-red-300",
  Cancelled: "bg-zinc-100 text-zinc-700 ring-zinc-300",
};

export function GroupDetail({ group: g, activities, schedules, role, simTime }: { group: GroupView; activities: ActivityView[]; schedules: ScheduledActionView[]; role: Role; simTime: string }) {
  useAutoRefresh(g.transitioning || activities.some((a) => a.status === "InProgress"));
  const f = useFormAction();
  const router = useRouter();
  const denied = denial(role, "fleets.write");
  const [cap, setCap] = useState({ min: String(g.minSize), desired: String(g.desired), max: String(g.maxSize) });
  const [deleting, setDeleting] = useState(false);
  const err = (field: string) => f.fieldError(field);
  return (
    <div className="space-y-6">
      <PageHeader
        title={g.name}
        description={
          <>
            Launches <Link href="/launch-templates" className="text-sky-800 hover:underline">{g.templateName}</Link> ({g.templateVersion}) into {g.zones.join(", ")}; health check:{" "}
            {g.healthCheckType === "EC2" ? "instance state" : `${g.healthCheckType} port ${g.healthCheckPort}${g.healthCheckType === "HTTP" ? ` ${g.healthCheckPath}` : ""} after ${g.gracePeriod} s`}
            {g.elasticIp ? `; keeps Elastic IP ${g.elasticIp.publicIp} on a member` : ""}.
          </>
        }
        actions={
          <Button variant="danger" disabledReason={denied} onClick={() => setDeleting(true)}>
            Delete group
          </Button>
        }
      />
      {f.error && !f.error.field ? <Alert tone="error">{f.error.message}</Alert> : null}
      {f.notice ? <Alert tone="success">{f.notice}</Alert> : null}

      <section aria-labelledby="capacity-title" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
        <h2 id="capacity-title" className="text-base font-semibold">Capacity</h2>
        <p className="text-sm text-zinc-600">
          <span className="font-medium">{g.inService}</span> in service of <span className="font-medium">{g.desired}</span> desired.
        </p>
        <form
          className="mt-3 flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            f.submit(() => updateCapacityAction(g.name, cap.min, cap.max, cap.desired), (d) => `Capacity set: min ${d.minSize}, desired ${d.desired}, max ${d.maxSize}.`);
          }}
        >
          <Field id="cap-min" label="Minimum" error={err("minSize")}>
            <Input id="cap-min" className="w-24" inputMode="numeric" value={cap.min} onChange={(e) => setCap({ ...cap, min: e.target.value })} error={err("minSize")} disabled={Boolean(denied)} />
          </Field>
          <Field id="cap-desired" label="Desired" error={err("desired")}>
            <Input id="cap-desired" className="w-24" inputMode="numeric" value={cap.desired} onChange={(e) => setCap({ ...cap, desired: e.target.value })} error={err("desired")} disabled={Boolean(denied)} />
          </Field>
          <Field id="cap-max" label="Maximum" error={err("maxSize")}>
            <Input id="cap-max" className="w-24" inputMode="numeric" value={cap.max} onChange={(e) => setCap({ ...cap, max: e.target.value })} error={err("maxSize")} disabled={Boolean(denied)} />
          </Field>
          <Button type="submit" variant="primary" disabledReason={denied} disabled={f.pending}>
            Save capacity
          </Button>
        </form>
      </section>

      <section aria-labelledby="members-title">
        <h2 id="members-title" className="mb-2 text-base font-semibold">Members</h2>
        <Table label="Members">
          <thead className="bg-zinc-50">
            <tr>
              <Th>Instance</Th>
              <Th>Zone</Th>
              <Th>Lifecycle</Th>
              <Th>Health</Th>
              <Th>State</Th>
              <Th>Public IP</Th>
              <Th>Launched</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {g.members.length === 0 ? <Empty colSpan={7}>No members.</Empty> : null}
            {g.members.map((m) => (
              <tr key={m.instanceId}>
                <Td>
                  <Link href={`/instances/${m.instanceId}`} className="font-mono text-xs text-sky-800 hover:underline">
                    {m.instanceId}
                  </Link>
                </Td>
                <Td className="font-mono text-xs">{m.zone}</Td>
                <Td>{m.lifecycle}</Td>
                <Td title={m.healthReason || undefined}>{m.health}</Td>
                <Td>
                  <StateBadge state={(isState(m.state) ? m.state : "terminated") as InstanceState} />
                </Td>
                <Td className="font-mono text-xs">
                  {m.publicIp ?? "—"}
                  {g.elasticIp?.instanceId === m.instanceId ? " (Elastic IP)" : ""}
                </Td>
                <Td className="text-xs">{m.launchedAt ? <Time iso={m.launchedAt} seconds /> : "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>

      <SchedulesPanel groupName={g.name} schedules={schedules} denied={denied} simTime={simTime} />

      <section aria-labelledby="activity-title">
        <h2 id="activity-title" className="mb-2 text-base font-semibold">Activity history</h2>
        <Table label="Activity history">
          <thead className="bg-zinc-50">
            <tr>
              <Th>Status</Th>
              <Th>Description</Th>
              <Th>Cause</Th>
              <Th>Started</Th>
              <Th>Ended</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {activities.length === 0 ? <Empty colSpan={5}>No activity yet.</Empty> : null}
            {activities.map((a) => (
              <tr key={a.id} className="align-top">
                <Td>
                  <Badge tone={STATUS_TONE[a.status]}>{a.status}</Badge>
                </Td>
                <Td className="text-sm">
                  <div className="max-w-xs whitespace-normal">
                    {a.description}
                    {a.statusMessage ? <p className="mt-1 text-xs text-red-800">{a.statusMessage}</p> : null}
                  </div>
                </Td>
                <Td className="text-xs text-zinc-700">
                  <div className="max-w-xl whitespace-normal">{a.cause}</div>
                </Td>
                <Td className="text-xs">
                  <Time iso={a.startedAt} seconds />
                </Td>
                <Td className="text-xs">{a.endedAt ? <Time iso={a.endedAt} seconds /> : "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>

      <Dialog open={deleting} onClose={() => setDeleting(false)} title={`Delete ${g.name}?`}>
        <p className="text-sm text-zinc-700">
          {g.members.length
            ? `The group has ${g.members.length} member${g.members.length === 1 ? "" : "s"}: deleting it terminates ${g.members.length === 1 ? "it" : "them"}, and their instance storage is lost.`
            : "The group has no members."}
        </p>
        <div className="mt-5 flex justify-end gap-2">
          <Button onClick={() => setDeleting(false)}>Cancel</Button>
          <Button
            variant="danger"
            onClick={() =>
              f.submit(
                () => deleteGroupAction(g.name, true),
                (d) => `Deleted ${d.name}.`,
                () => router.push("/instance-groups"),
              )
            }
          >
            {g.members.length ? `Delete group and terminate ${g.members.length}` : "Delete group"}
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
