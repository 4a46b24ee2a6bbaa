"use client";
import { useState } from "react";
import type { ImageView } from "@/lib/control-plane/catalog/images";
import { denial, type Role } from "@/lib/auth/roles";
import { registerImageAction, deregisterImageAction } from "@/lib/actions/catalog";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { useFormAction } from "./use-form-action";

export function ImagesView({ images, role }: { images: ImageView[]; role: Role }) {
  const [registering, setRegistering] = useState(false);
  const list = useFormAction();
  const denied = denial(role, "images.write");
  return (
    <div>
      <PageHeader
        title="Images"
        description="Machine images (AMIs) your team can launch: the public catalog and your team's private images."
        actions={
          <Button variant="primary" disabledReason={denied} onClick={() => setRegistering(true)}>
            Register image
          </Button>
        }
      />
      {list.error ? <Alert tone="error">{list.error.message}</Alert> : null}
      {list.notice ? <Alert tone="success">{list.notice}</Alert> : null}
      <div className="mt-3">
        <Table label="Images">
          <thead className="bg-zinc-50">
            <tr>
              <Th>Image ID</Th>
              <Th>Name</Th>
              <Th>Architecture</Th>
              <Th>Root device</Th>
              <Th>Visibility</Th>
              <Th>Owner</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {images.map((i) => (
              <tr key={i.id}>
                <Td className="font-mono text-xs">{i.id}</Td>
                <Td>
                  <p className="font-medium">{i.name}</p>
                  <p className="max-w-md truncate text-xs text-zinc-500" title={i.description}>
                    {i.description}
                  </p>
                  {i.provider !== "sim" ? (
                    <p className="mt-1 text-xs">
                      <Badge tone={i.unavailable ? "bg-amber-50 text-amber-900 ring-amber-200" : "bg-emerald-50 text-emerald-800 ring-emerald-200"}>
                        {i.unavailable ? "Unavailable on this host" : `Real VM (${i.provider})`}
                      </Badge>
                    </p>
                  ) : null}
                  {i.unavailable ? (
                    <p className="mt-1 max-w-md text-xs text-zinc-700">
                      {i.unavailable.reason} Fix: <code className="rounded bg-zinc-100 px-1 font-mono">{i.unavailable.fix}</code>
                    </p>
                  ) : null}
                </Td>
                <Td>{i.architecture}</Td>
                <Td>{i.rootDeviceType}</Td>
                <Td>
                  <Badge tone={i.visibility === "public" ? "bg-sky-50 text-sky-800 ring-sky-200" : "bg-violet-50 text-violet-800 ring-violet-200"}>{i.visibility}</Badge>
                </Td>
                <Td>{i.ownerAlias}</Td>
                <Td className="text-right">
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Deregister ${i.id}`}
                    disabledReason={denied ?? (i.own ? null : "Only the owner can deregister an image.")}
                    onClick={() => list.submit(() => deregisterImageAction(i.id), (d) => `Deregistered ${d.imageId}. Instances already running from it are not affected.`)}
                  >
                    Deregister
                  </Button>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      <Dialog open={registering} onClose={() => setRegistering(false)} title="Register image">
        {registering ? <RegisterForm onDone={() => setRegistering(false)} /> : null}
      </Dialog>
    </div>
  );
}

function RegisterForm({ onDone }: { onDone: () => void }) {
  const f = useFormAction();
  const [form, setForm] = useState({ name: "", description: "", architecture: "x86_64", rootDeviceType: "instance-store" });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <form
      className="space-y-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        f.submit(() => registerImageAction(form), (d) => `Registered ${d.id}.`, onDone);
      }}
    >
      {f.error && !f.error.field ? <Alert tone="error">{f.error.message}</Alert> : null}
      <p className="text-sm text-zinc-600">A private image of your team. It runs on the simulated cloud.</p>
      <Field id="image-name" label="Name" error={f.fieldError("name")}>
        <Input id="image-name" value={form.name} onChange={set("name")} error={f.fieldError("name")} />
      </Field>
      <Field id="image-description" label="Description" error={f.fieldError("description")}>
        <Input id="image-description" value={form.description} onChange={set("description")} error={f.fieldError("description")} />
      </Field>
      <Field id="image-arch" label="Architecture" error={f.fieldError("architecture")}>
        <Select id="image-arch" value={form.architecture} onChange={set("architecture")}>
          <option value="i386">i386 (32-bit)</option>
          <option value="x86_64">x86_64 (64-bit)</option>
        </Select>
      </Field>
      <Field id="image-root" label="Root device type" error={f.fieldError("rootDeviceType")}>
        <Select id="image-root" value={form.rootDeviceType} onChange={set("rootDeviceType")}>
          <option value="instance-store">instance-store</option>
          <option value="ebs">ebs (can be stopped and started)</option>
        </Select>
      </Field>
      <div className="flex justify-end gap-2 pt-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={f.pending}>
          Register
        </Button>
      </div>
    </form>
  );
}
