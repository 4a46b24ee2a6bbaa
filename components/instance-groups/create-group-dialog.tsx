"use client";
// Create an instance group: its template, sizes, zones, health check and, for
// the seed's third strategy, an Elastic IP the group keeps on a member.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { createGroupAction } from "@/lib/actions/instance-groups";
import type { ActionError } from "@/lib/actions/result";
import type { TemplateChoice } from "./groups-view";

interface Props {
  open: boolean;
  onClose: () => void;
  onCreated: (message: string) => void;
  templates: TemplateChoice[];
  zones: string[];
  addresses: { id: string; publicIp: string }[];
}

export function CreateGroupDialog(props: Props) {
  return (
    <Dialog open={props.open} onClose={props.onClose} title="Create instance group" wide>
      {props.open ? <CreateGroupForm {...props} /> : null}
    </Dialog>
  );
}

function CreateGroupForm({ onClose, onCreated, templates, zones, addresses }: Props) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const [f, setF] = useState({ name: "", templateId: templates[0]?.id ?? "", templateVersion: "$Default", minSize: "1", desired: "2", maxSize: "4", healthCheckType: "EC2", healthCheckPort: "80", healthCheckPath: "/", gracePeriod: "300", elasticIpId: "" });
  const [picked, setPicked] = useState<string[]>(zones);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const err = (field: string) => (error?.field === field ? error.message : null);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    start(async () => {
      const res = await createGroupAction({ ...f, zones: picked, healthCheckPort: f.healthCheckType === "EC2" ? "" : f.healthCheckPort });
      if (!res.ok) return setError(res.error);
      onCreated(`Created ${res.data.name}: it launches ${res.data.desired} instance${res.data.desired === 1 ? "" : "s"} now.`);
      router.refresh();
    });
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {error && !error.field ? <Alert tone="error">{error.message}</Alert> : null}
      <div className="grid grid-cols-2 gap-4">
        <Field id="g-name" label="Name" error={err("name")}>
          <Input id="g-name" value={f.name} onChange={set("name")} error={err("name")} required autoFocus />
        </Field>
        <Field id="g-template" label="Launch template" error={err("templateId") ?? err("templateName")}>
          <Select id="g-template" value={f.templateId} onChange={set("templateId")}>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.id})
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="grid grid-cols-4 gap-4">
        <Field id="g-min" label="Minimum" error={err("minSize")}>
          <Input id="g-min" inputMode="numeric" value={f.minSize} onChange={set("minSize")} error={err("minSize")} />
        </Field>
        <Field id="g-desired" label="Desired" error={err("desired")}>
          <Input id="g-desired" inputMode="numeric" value={f.desired} onChange={set("desired")} error={err("desired")} />
        </Field>
        <Field id="g-max" label="Maximum" error={err("maxSize")}>
          <Input id="g-max" inputMode="numeric" value={f.maxSize} onChange={set("maxSize")} error={err("maxSize")} />
        </Field>
        <Field id="g-version" label="Template version" error={err("templateVersion")} hint="$Default, $Latest or a number">
          <Input id="g-version" value={f.templateVersion} onChange={set("templateVersion")} error={err("templateVersion")} hint />
        </Field>
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-zinc-800">Availability zones</legend>
        <div className="mt-1 flex gap-4">
          {zones.map((z) => (
            <label key={z} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" checked={picked.includes(z)} onChange={(e) => setPicked(e.target.checked ? [...picked, z] : picked.filter((x) => x !== z))} />
              {z}
            </label>
          ))}
        </div>
        {err("zones") ? <p className="mt-1 text-xs font-medium text-red-700" role="alert">{err("zones")}</p> : null}
      </fieldset>
      <div className="grid grid-cols-4 gap-4">
        <Field id="g-health" label="Health check">
          <Select id="g-health" value={f.healthCheckType} onChange={set("healthCheckType")}>
            <option value="EC2">Instance state</option>
            <option value="HTTP">HTTP</option>
            <option value="TCP">TCP</option>
          </Select>
        </Field>
        <Field id="g-port" label="Port" error={err("healthCheckPort")}>
          <Input id="g-port" inputMode="numeric" value={f.healthCheckType === "EC2" ? "" : f.healthCheckPort} onChange={set("healthCheckPort")} disabled={f.healthCheckType === "EC2"} error={err("healthCheckPort")} />
        </Field>
        <Field id="g-path" label="HTTP path" error={err("healthCheckPath")}>
          <Input id="g-path" value={f.healthCheckPath} onChange={set("healthCheckPath")} disabled={f.healthCheckType !== "HTTP"} error={err("healthCheckPath")} />
        </Field>
        <Field id="g-grace" label="Grace period (s)" error={err("gracePeriod")}>
          <Input id="g-grace" inputMode="numeric" value={f.gracePeriod} onChange={set("gracePeriod")} error={err("gracePeriod")} />
        </Field>
      </div>
      <Field id="g-eip" label="Elastic IP kept on a member" error={err("elasticIpId")} hint="The group moves it to an in-service member whenever its holder leaves: the address never changes.">
        <Select id="g-eip" value={f.elasticIpId} onChange={set("elasticIpId")} hint>
          <option value="">None</option>
          {addresses.map((a) => (
            <option key={a.id} value={a.id}>
              {a.publicIp} ({a.id})
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex justify-end gap-2 border-t border-zinc-100 pt-4">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Creating…" : "Create group"}
        </Button>
      </div>
    </form>
  );
}
