"use client";
// Availability zones and simulated data-centre outages (admins): an outage
// kills every simulated instance of the team in the zone, and nothing launches
// there until it ends.
import { useState } from "react";
import { denial, type Role } from "@/lib/auth/roles";
import { startOutageAction, endOutageAction } from "@/lib/actions/instance-groups";
import { Table, Th, Td } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Input } from "@/components/ui/field";
import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { useFormAction } from "@/components/catalog/use-form-action";

interface Zone {
  zone: string;
  state: "available" | "down";
  since: string | null;
  until: string | null;
  by: string | null;
}

export function ZonesPanel({ zones, role, simTime }: { zones: Zone[]; role: Role; simTime: string }) {
  const f = useFormAction();
  const denied = denial(role, "zones.outage");
  const [minutes, setMinutes] = useState<Record<string, string>>({});
  return (
    <section aria-labelledby="zones-title">
      <h2 id="zones-title" className="text-lg font-semibold">Availability zones</h2>
      <p className="mb-2 text-sm text-zinc-600">
        A simulated data-centre outage takes a zone down for your team: its simulated instances die with their storage (real VMs are not touched), and launches there are refused until it ends. Simulated time now: <Time iso={simTime} />.
      </p>
      {f.error ? <Alert tone="error">{f.error.message}</Alert> : null}
      {f.notice ? <Alert tone="success">{f.notice}</Alert> : null}
      <Table label="Availability zones">
        <thead className="bg-zinc-50">
          <tr>
            <Th>Zone</Th>
            <Th>State</Th>
            <Th>Outage</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {zones.map((z) => (
            <tr key={z.zone}>
              <Td className="font-mono">{z.zone}</Td>
              <Td>{z.state === "down" ? <Badge tone="bg-red-100 text-red-900 ring-red-300">down</Badge> : <Badge tone="bg-emerald-100 text-emerald-900 ring-emerald-300">available</Badge>}</Td>
              <Td className="text-xs">
                {z.since ? (
                  <>
                    since <Time iso={z.since} />
                    {z.until ? (
                      <>
                        , back at <Time iso={z.until} />
                      </>
                    ) : (
                      ", until an admin ends it"
                    )}{" "}
                    ({z.by})
                  </>
                ) : (
                  "—"
                )}
              </Td>
              <Td className="text-right">
                {z.state === "down" ? (
                  <Button size="sm" disabledReason={denied} onClick={() => f.submit(() => endOutageAction(z.zone), (d) => `${d.zone} is back.`)}>
                    End outage in {z.zone}
                  </Button>
                ) : (
                  <div className="flex items-center justify-end gap-2">
                    <label htmlFor={`minutes-${z.zone}`} className="text-xs text-zinc-600">
                      Minutes (blank: until ended)
                    </label>
                    <Input id={`minutes-${z.zone}`} className="w-20" inputMode="numeric" value={minutes[z.zone] ?? ""} onChange={(e) => setMinutes({ ...minutes, [z.zone]: e.target.value })} disabled={Boolean(denied)} />
                    <Button
                      size="sm"
                      variant="danger"
                      disabledReason={denied}
                      onClick={() => f.submit(() => startOutageAction(z.zone, minutes[z.zone] ?? ""), (d) => `${d.zone} is down: ${d.instancesLost.length} instance${d.instancesLost.length === 1 ? "" : "s"} lost.`)}
                    >
                      Simulate outage in {z.zone}
                    </Button>
                  </div>
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}
