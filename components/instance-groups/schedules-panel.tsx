"use client";
// A group's scheduled actions: change min, max or desired once at a time, or
// on a cron recurrence (UTC, simulated time — at 3600× a daily one runs every
// 24 seconds).
import { useState } from "react";
import type { ScheduledActionView } from "@/lib/control-plane/instance-groups/schedule";
import { putScheduleAction, deleteScheduleAction } from "@/lib/actions/instance-groups";
import { Table, Th, Td, Empty } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field, Input } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { useFormAction } from "@/components/catalog/use-form-action";

const EMPTY = { name: "", recurrence: "", startTime: "", minSize: "", desired: "", maxSize: "" };

export function SchedulesPanel({ groupName, schedules, denied, simTime }: { groupName: string; schedules: ScheduledActionView[]; denied: string | null; simTime: string }) {
  const f = useFormAction();
  const [s, setS] = useState(EMPTY);
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => setS({ ...s, [k]: e.target.value });
  const err = (k: string) => f.fieldError(k);
  return (
    <section aria-labelledby="schedules-title">
      <h2 id="schedules-title" className="mb-1 text-base font-semibold">Scheduled actions</h2>
      <p className="mb-2 text-xs text-zinc-600">
        Times are UTC and simulated (now <Time iso={simTime} />). A recurrence is a cron expression: minute hour day month weekday, such as <code>0 9 * * 1-5</code>.
      </p>
      {f.error && !f.error.field ? <Alert tone="error">{f.error.message}</Alert> : null}
      {f.notice ? <Alert tone="success">{f.notice}</Alert> : null}
      <Table label="Scheduled actions">
        <thead className="bg-zinc-50">
          <tr>
            <Th>Name</Th>
            <Th>When</Th>
            <Th>Min</Th>
            <Th>Desired</Th>
            <Th>Max</Th>
            <Th>Next run</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {schedules.length === 0 ? <Empty colSpan={7}>No scheduled actions.</Empty> : null}
          {schedules.map((a) => (
            <tr key={a.name}>
              <Td>{a.name}</Td>
              <Td className="font-mono text-xs">{a.recurrence ?? (a.startTime ? <Time iso={a.startTime} /> : "—")}</Td>
              <Td>{a.minSize ?? "—"}</Td>
              <Td>{a.desired ?? "—"}</Td>
              <Td>{a.maxSize ?? "—"}</Td>
              <Td className="text-xs">{a.nextRunAt ? <Time iso={a.nextRunAt} /> : "—"}</Td>
              <Td className="text-right">
                <Button size="sm" disabledReason={denied} onClick={() => f.submit(() => deleteScheduleAction(groupName, a.name), (d) => `Deleted ${d.name}.`)}>
                  Delete {a.name}
                </Button>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <form
        className="mt-3 grid grid-cols-6 items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          f.submit(() => putScheduleAction(groupName, { ...s, startTime: s.startTime ? new Date(`${s.startTime}Z`).toISOString() : "" }), (d) => `Scheduled ${d.name}.`, () => setS(EMPTY));
        }}
      >
        <Field id="s-name" label="Action name" error={err("name")}>
          <Input id="s-name" value={s.name} onChange={set("name")} error={err("name")} disabled={Boolean(denied)} />
        </Field>
        <Field id="s-cron" label="Recurrence (cron, UTC)" error={err("recurrence")}>
          <Input id="s-cron" placeholder="0 9 * * 1-5" value={s.recurrence} onChange={set("recurrence")} error={err("recurrence")} disabled={Boolean(denied)} />
        </Field>
        <Field id="s-start" label="Or once at (UTC)" error={err("startTime")}>
          <Input id="s-start" type="datetime-local" value={s.startTime} onChange={set("startTime")} error={err("startTime")} disabled={Boolean(denied)} />
        </Field>
        <Field id="s-min" label="Min" error={err("minSize")}>
          <Input id="s-min" inputMode="numeric" value={s.minSize} onChange={set("minSize")} error={err("minSize")} disabled={Boolean(denied)} />
        </Field>
        <Field id="s-desired" label="Desired capacity" error={err("desired")}>
          <Input id="s-desired" inputMode="numeric" value={s.desired} onChange={set("desired")} error={err("desired")} disabled={Boolean(denied)} />
        </Field>
        <div className="flex items-end gap-2">
          <Field id="s-max" label="Max" error={err("maxSize")}>
            <Input id="s-max" inputMode="numeric" value={s.maxSize} onChange={set("maxSize")} error={err("maxSize")} disabled={Boolean(denied)} />
          </Field>
          <Button type="submit" variant="primary" disabledReason={denied} disabled={f.pending}>
            Schedule
          </Button>
        </div>
      </form>
    </section>
  );
}
