"use client";
// The image catalog: launch from any row, register private images, and
// deregister your own (after saying what that means).
import Link from "next/link";
import { useState } from "react";
import type { ImageView } from "@/lib/control-plane/catalog/images";
import type { LaunchOptions } from "@/lib/control-plane/instances/launch-options";
import { denial, type Role } from "@/lib/auth/roles";
import { registerImageAction, deregisterImageAction } from "@/lib/actions/catalog";
import { registerImageSchema } from "@/lib/control-plane/catalog/schemas";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td, ActionsTh, ActionsTd } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { ConfirmDialog, LossList } from "@/components/ui/confirm-dialog";
import { SelectField, TextField, useVerbForm } from "@/components/ui/form";
import { useConfirm } from "@/components/ui/use-confirm";
import { LaunchDialog } from "@/components/instances/launch-dialog";

export function ImagesView({ images, role, options }: { images: ImageView[]; role: Role; options: LaunchOptions }) {
  const [registering, setRegistering] = useState(false);
  const [launching, setLaunching] = useState<ImageView | null>(null);
  const [launched, setLaunched] = useState<string | null>(null);
  const dereg = useConfirm<ImageView>();
  const denied = denial(role, "images.write");
  const launchDenied = denial(role, "instances.launch");
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
      {dereg.notice ? <Alert tone="success">{dereg.notice}</Alert> : null}
      {launched ? (
        <Alert tone="success">
          {launched}{" "}
          <Link href="/instances" className="underline">
            See them in Instances
          </Link>
        </Alert>
      ) : null}
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
              <ActionsTh />
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {images.map((i) => (
              <tr key={i.id}>
                <Td className="font-mono text-xs">{i.id}</Td>
                <Td className="min-w-56 whitespace-normal">
                  <p className="font-medium">{i.name}</p>
                  <p className="max-w-md text-xs text-zinc-500">{i.description}</p>
                  {i.provider !== "sim" ? (
                    <p className="mt-1 text-xs">
                      <Badge tone={i.unavailable ? "bg-amber-50 text-amber-900 ring-amber-200" : "bg-emerald-50 text-emerald-800 ring-emerald-200"}>
                        {i.unavailable ? "Unavailable on this host" : `Real VM (${i.provider})`}
                      </Badge>
                    </p>
                  ) : null}
                  {i.unavailable ? (
                    <p className="mt-1 max-w-md text-xs break-words text-zinc-700">
                      {i.unavailable.reason} Fix: <code className="rounded bg-zinc-100 px-1 font-mono break-all">{i.unavailable.fix}</code>
                    </p>
                  ) : null}
                </Td>
                <Td>{i.architecture}</Td>
                <Td>{i.rootDeviceType}</Td>
                <Td>
                  <Badge tone={i.visibility === "public" ? "bg-sky-50 text-sky-800 ring-sky-200" : "bg-violet-50 text-violet-800 ring-violet-200"}>{i.visibility}</Badge>
                </Td>
                <Td>{i.ownerAlias}</Td>
                <ActionsTd>
                  <Button
                    size="sm"
                    variant="primary"
                    aria-label={`Launch ${i.id}`}
                    disabledReason={launchDenied ?? (i.unavailable ? `Can't start on this host: ${i.unavailable.reason}` : null)}
                    onClick={() => {
                      setLaunched(null);
                      setLaunching(i);
                    }}
                  >
                    Launch
                  </Button>
                  <Button size="sm" variant="ghost" aria-label={`Deregister ${i.id}`} disabledReason={denied ?? (i.own ? null : "Only the owner can deregister an image.")} onClick={() => dereg.ask(i)}>
                    Deregister
                  </Button>
                </ActionsTd>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      <Dialog open={registering} onClose={() => setRegistering(false)} title="Register image">
        {registering ? <RegisterForm onDone={() => setRegistering(false)} /> : null}
      </Dialog>
      <LaunchDialog open={launching !== null} onClose={() => setLaunching(null)} onLaunched={setLaunched} options={options} imageId={launching?.id} />
      <ConfirmDialog
        open={dereg.open}
        title="Deregister image"
        confirmLabel={`Deregister ${dereg.target?.id ?? ""}`}
        pending={dereg.pending}
        error={dereg.error}
        onClose={dereg.close}
        onConfirm={() => dereg.run((i) => deregisterImageAction(i.id), (d) => `Deregistered ${d.imageId}. Instances already running from it are not affected.`)}
      >
        <p>
          Deregister <strong>{dereg.target?.name}</strong> (<span className="font-mono">{dereg.target?.id}</span>)?
        </p>
        <LossList items={["Nobody in the team can launch new instances from it, in the console or the API.", "It leaves the catalog; registering it again gives a new image id.", "Instances already running from it keep running."]} />
      </ConfirmDialog>
    </div>
  );
}

function RegisterForm({ onDone }: { onDone: () => void }) {
  const { form, formError, pending, submit } = useVerbForm(registerImageSchema, { name: "", description: "", architecture: "x86_64", rootDeviceType: "instance-store", distro: "ubuntu" });
  return (
    <form className="space-y-3" noValidate onSubmit={submit((v) => registerImageAction(v), (d) => `Registered ${d.id}.`, onDone)}>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <p className="text-sm text-zinc-600">A private image of your team. It runs on the simulated cloud.</p>
      <TextField form={form} name="name" id="image-name" label="Name" />
      <TextField form={form} name="description" id="image-description" label="Description" />
      <SelectField form={form} name="architecture" id="image-arch" label="Architecture">
        <option value="i386">i386 (32-bit)</option>
        <option value="x86_64">x86_64 (64-bit)</option>
      </SelectField>
      <SelectField form={form} name="rootDeviceType" id="image-root" label="Root device type">
        <option value="instance-store">instance-store</option>
        <option value="ebs">ebs (can be stopped and started)</option>
      </SelectField>
      <div className="flex justify-end gap-2 pt-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={pending}>
          Register
        </Button>
      </div>
    </form>
  );
}
