"use client";
// Launch templates: what an instance group launches. Creating one checks it as
// a launch would (image, type and architecture, key pair, security groups).
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { denial, type Role } from "@/lib/auth/roles";
import type { TemplateView, TemplateVersionView } from "@/lib/control-plane/launch-templates/templates";
import type { LaunchOptions } from "@/lib/control-plane/instances/launch-options";
import { createTemplateAction, deleteTemplateAction } from "@/lib/actions/instance-groups";
import type { ActionError } from "@/lib/actions/result";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td, Empty } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { useFormAction } from "@/components/catalog/use-form-action";

type Row = TemplateView & { current: TemplateVersionView | null };

export function TemplatesView({ templates, options, role }: { templates: Row[]; options: LaunchOptions; role: Role }) {
  const [creating, setCreating] = useState(false);
  const f = useFormAction();
  const denied = denial(role, "fleets.write");
  const groupName = (id: string) => options.groups.find((g) => g.id === id)?.name ?? id;
  return (
    <div>
      <PageHeader
        title="Launch templates"
        description="What an instance group launches: image, instance type, key pair, security groups, user data and tags. Each change is a new version."
        actions={
          <Button variant="primary" disabledReason={denied} onClick={() => setCreating(true)}>
            Create launch template
          </Button>
        }
      />
      {f.error ? <Alert tone="error">{f.error.message}</Alert> : null}
      {f.notice ? <Alert tone="success">{f.notice}</Alert> : null}
      <div className="mt-3">
        <Table label="Launch templates">
          <thead className="bg-zinc-50">
            <tr>
              <Th>Name</Th>
              <Th>Template ID</Th>
              <Th>Versions</Th>
              <Th>Image</Th>
              <Th>Type</Th>
              <Th>Key pair</Th>
              <Th>Security groups</Th>
              <Th>Created</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {templates.length === 0 ? <Empty colSpan={9}>No launch templates yet.</Empty> : null}
            {templates.map((t) => (
              <tr key={t.id}>
                <Td className="font-medium">{t.name}</Td>
                <Td className="font-mono text-xs">{t.id}</Td>
                <Td className="text-xs">
                  default {t.defaultVersion}, latest {t.latestVersion}
                </Td>
                <Td className="font-mono text-xs">{t.current?.imageId}</Td>
                <Td>{t.current?.instanceType}</Td>
                <Td>{t.current?.keyName ?? "—"}</Td>
                <Td className="text-xs">{t.current?.securityGroupIds.map(groupName).join(", ") || "—"}</Td>
                <Td className="text-xs">
                  <Time iso={t.createdAt} />
                </Td>
                <Td className="text-right">
                  <Button size="sm" variant="danger" disabledReason={denied} onClick={() => f.submit(() => deleteTemplateAction(t.id), (d) => `Deleted ${d.name}.`)}>
                    Delete {t.name}
                  </Button>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      <Dialog open={creating} onClose={() => setCreating(false)} title="Create launch template" wide>
        {creating ? <TemplateForm options={options} onDone={(m) => { setCreating(false); f.submit(async () => ({ ok: true, data: m }), (x) => x); }} onCancel={() => setCreating(false)} /> : null}
      </Dialog>
    </div>
  );
}

function TemplateForm({ options, onDone, onCancel }: { options: LaunchOptions; onDone: (message: string) => void; onCancel: () => void }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const first = options.images.find((i) => !i.unavailable) ?? options.images[0];
  const [v, setV] = useState({ name: "", description: "", imageId: first?.id ?? "", instanceType: options.types.find((t) => t.architecture === first?.architecture)?.name ?? "", keyName: "", userData: "", nameTag: "" });
  const [groups, setGroups] = useState<string[]>(options.groups.some((g) => g.name === "default") ? ["default"] : []);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const err = (field: string) => (error?.field === field || error?.field === `data.${field}` ? error.message : null);
  const image = options.images.find((i) => i.id === v.imageId);
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        start(async () => {
          const res = await createTemplateAction({ ...v, securityGroups: groups, tags: v.nameTag.trim() ? [{ key: "Name", value: v.nameTag.trim() }] : [] });
          if (!res.ok) return setError(res.error);
          router.refresh();
          onDone(`Created ${res.data.name} (${res.data.id}).`);
        });
      }}
    >
      {error && !err("name") && !err("imageId") && !err("instanceType") && !err("keyName") && !err("securityGroups") && !err("userData") ? <Alert tone="error">{error.message}</Alert> : null}
      <div className="grid grid-cols-2 gap-4">
        <Field id="t-name" label="Template name" error={err("name")}>
          <Input id="t-name" value={v.name} onChange={set("name")} error={err("name")} autoFocus />
        </Field>
        <Field id="t-desc" label="Version description">
          <Input id="t-desc" value={v.description} onChange={set("description")} />
        </Field>
        <Field id="t-image" label="Image" error={err("imageId")}>
          <Select id="t-image" value={v.imageId} onChange={(e) => {
            const img = options.images.find((i) => i.id === e.target.value);
            const fits = options.types.find((t) => t.name === v.instanceType)?.architecture === img?.architecture;
            setV({ ...v, imageId: e.target.value, instanceType: fits ? v.instanceType : options.types.find((t) => t.architecture === img?.architecture)?.name ?? v.instanceType });
          }} error={err("imageId")}>
            {options.images.map((i) => (
              <option key={i.id} value={i.id} disabled={Boolean(i.unavailable)}>
                {i.name} ({i.id}, {i.architecture})
              </option>
            ))}
          </Select>
        </Field>
        <Field id="t-type" label="Instance type" error={err("instanceType")}>
          <Select id="t-type" value={v.instanceType} onChange={set("instanceType")} error={err("instanceType")}>
            {options.types.map((t) => (
              <option key={t.name} value={t.name} disabled={t.architecture !== image?.architecture}>
                {t.name} ({t.architecture === "i386" ? "32-bit" : "64-bit"}{t.hourlyUsd ? `, $${t.hourlyUsd}/h` : ""})
              </option>
            ))}
          </Select>
        </Field>
        <Field id="t-key" label="Key pair" error={err("keyName")}>
          <Select id="t-key" value={v.keyName} onChange={set("keyName")} error={err("keyName")}>
            <option value="">None</option>
            {options.keyPairs.map((k) => (
              <option key={k.name} value={k.name}>
                {k.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="t-nametag" label="Name tag of instances">
          <Input id="t-nametag" value={v.nameTag} onChange={set("nameTag")} />
        </Field>
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-zinc-800">Security groups</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {options.groups.map((g) => (
            <label key={g.id} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" checked={groups.includes(g.name)} onChange={(e) => setGroups(e.target.checked ? [...groups, g.name] : groups.filter((x) => x !== g.name))} />
              {g.name}
            </label>
          ))}
        </div>
        {err("securityGroups") ? <p className="mt-1 text-xs font-medium text-red-700" role="alert">{err("securityGroups")}</p> : null}
      </fieldset>
      <Field id="t-userdata" label="User data" error={err("userData")}>
        <Textarea id="t-userdata" rows={4} value={v.userData} onChange={set("userData")} error={err("userData")} />
      </Field>
      <div className="flex justify-end gap-2 border-t border-zinc-100 pt-4">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Creating…" : "Create template"}
        </Button>
      </div>
    </form>
  );
}
