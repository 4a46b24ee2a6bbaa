"use client";
// Scheduled events of an instance, and (for admins, on simulated instances)
// scheduling one for a demo.
import { useState } from "react";
import type { InstanceDetail } from "@/lib/control-plane/instances/list";
import { denial, type Role } from "@/lib/auth/roles";
import { scheduleEventAction, cancelEventAction } from "@/lib/actions/instances";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Input, Select } from "@/components/ui/field";
import { Time, formatUtc } from "@/components/ui/time";
import { useInstanceAction } from "./use-instance-action";

export function EventsPanel({ inst, role }: { inst: InstanceDetail; role: Role }) {
  const act = useInstanceAction();
  const [code, setCode] = useState("system-reboot");
  const [minutes, setMinutes] = useState("60");
  const denied = denial(role, "instances.schedule") ?? (inst.provider !== "sim" ? "Events can be scheduled on simulated instances only." : inst.state === "terminated" ? "This instance is terminated." : null);
  return (
    <section aria-label="Scheduled events" className="rounded-lg bg-white p-4 shadow-xs ring-1 ring-zinc-200">
      <h2 className="mb-2 text-sm font-semibold text-zinc-800">Scheduled events</h2>
      {act.message ? <Alert tone={act.message.tone}>{act.message.text}</Alert> : null}
      {inst.events.length === 0 ? (
        <p className="text-sm text-zinc-500">None scheduled.</p>
      ) : (
        <ul className="space-y-2">
          {inst.events.map((e) => (
            <li key={e.id} className="rounded bg-amber-50 p-2 text-sm ring-1 ring-amber-200">
              <strong>{e.code}</strong> not before <Time iso={e.notBefore} /> — {e.description}{" "}
              <Button size="sm" variant="ghost" disabledReason={denial(role, "instances.schedule")} onClick={() => act.run(() => cancelEventAction(e.id), () => `Canceled ${e.code}.`)}>
                Cancel event
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="mt-3 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          // Simulated time: the server's clock, which the page shows when it runs fast.
          const notBefore = new Date(Date.parse(inst.serverTime) + Number(minutes) * 60_000).toISOString();
          act.run(() => scheduleEventAction(inst.id, code, notBefore), (d) => `Scheduled ${d.code} not before ${formatUtc(d.notBefore)}.`);
        }}
      >
        <div>
          <label htmlFor="event-code" className="block text-xs font-medium text-zinc-600">Event</label>
          <Select id="event-code" value={code} onChange={(e) => setCode(e.target.value)} disabled={Boolean(denied)} className="w-48">
            <option value="system-reboot">system-reboot</option>
            <option value="instance-retirement">instance-retirement</option>
          </Select>
        </div>
        <div>
          <label htmlFor="event-minutes" className="block text-xs font-medium text-zinc-600">In (simulated minutes)</label>
          <Input id="event-minutes" type="number" min={1} value={minutes} onChange={(e) => setMinutes(e.target.value)} disabled={Boolean(denied)} className="w-28" />
        </div>
        <Button type="submit" disabledReason={denied}>
          Schedule event
        </Button>
      </form>
    </section>
  );
}
