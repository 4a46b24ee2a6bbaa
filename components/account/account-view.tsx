"use client";
import { useState } from "react";
import { changePasswordAction, createAccessKeyAction, deleteAccessKeyAction, setAccessKeyStatusAction } from "@/lib/actions/account";
import { changePasswordSchema, newAccessKeySchema } from "@/lib/control-plane/identity/schemas";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td, Empty, ActionsTh, ActionsTd } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { TextField, useVerbForm } from "@/components/ui/form";
import { ConfirmDialog, LossList } from "@/components/ui/confirm-dialog";
import { useConfirm } from "@/components/ui/use-confirm";
import { Time, formatUtc } from "@/components/ui/time";
import { useFormAction } from "@/components/catalog/use-form-action";

interface Key {
  accessKeyId: string;
  status: string;
  description: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function AccountView({ email, team, role, keys }: { email: string; team: string; role: string; keys: Key[] }) {
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader title="Your account" description={`${email} · ${role} in ${team}`} />
      <AccessKeys keys={keys} team={team} />
      <PasswordForm />
    </div>
  );
}

function AccessKeys({ keys, team }: { keys: Key[]; team: string }) {
  const f = useFormAction();
  const del = useConfirm<Key>();
  const create = useVerbForm(newAccessKeySchema, { description: "" });
  const [created, setCreated] = useState<{ accessKeyId: string; secretAccessKey: string } | null>(null);
  // The secret is on screen once: Escape or ✕ warn, and only "I have copied it" closes.
  const [warned, setWarned] = useState(false);
  const closeCreated = () => {
    setCreated(null);
    setWarned(false);
  };
  return (
    <section aria-label="Access keys" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
      <h2 className="text-sm font-semibold">Access keys</h2>
      <p className="mt-1 text-sm text-zinc-600">
        For the AWS CLI and SDKs: a key acts as you, in {team}, with your role. The secret is shown once, when the key is created.
      </p>
      {f.error ? <div className="mt-2"><Alert tone="error">{f.error.message}</Alert></div> : null}
      {f.notice && !created ? <div className="mt-2"><Alert tone="success">{f.notice}</Alert></div> : null}
      {del.notice ? <div className="mt-2"><Alert tone="success">{del.notice}</Alert></div> : null}
      <div className="mt-3">
        <Table label="Access keys">
          <thead className="bg-zinc-50">
            <tr>
              <Th>Access key ID</Th>
              <Th>Description</Th>
              <Th>Status</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              <ActionsTh />
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {keys.length === 0 ? <Empty colSpan={6}>No access keys yet.</Empty> : null}
            {keys.map((k) => (
              <tr key={k.accessKeyId}>
                <Td className="font-mono text-xs">{k.accessKeyId}</Td>
                <Td>{k.description || "—"}</Td>
                <Td>{k.status}</Td>
                <Td><Time iso={k.createdAt} /></Td>
                <Td>{k.lastUsedAt ? <Time iso={k.lastUsedAt} /> : "never"}</Td>
                <ActionsTd>
                  <Button size="sm" onClick={() => f.submit(() => setAccessKeyStatusAction(k.accessKeyId, k.status === "Active" ? "Inactive" : "Active"), (d) => `${d.accessKeyId} is ${d.status.toLowerCase()}.`)}>
                    {k.status === "Active" ? "Deactivate" : "Activate"}
                  </Button>
                  <Button size="sm" variant="danger" aria-label={`Delete ${k.accessKeyId}`} onClick={() => del.ask(k)}>
                    Delete
                  </Button>
                </ActionsTd>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      <form
        className="mt-3 flex flex-wrap items-start gap-2"
        noValidate
        onSubmit={create.submit(
          (v) => createAccessKeyAction(v),
          (d) => `Created ${d.accessKeyId}.`,
          (d) => {
            setCreated({ accessKeyId: d.accessKeyId, secretAccessKey: d.secretAccessKey });
            create.form.reset();
          },
        )}
      >
        <TextField form={create.form} name="description" id="key-description" label="Description (optional)" className="w-72 max-w-full" />
        <Button type="submit" variant="primary" className="sm:mt-6" disabled={create.pending}>
          Create access key
        </Button>
      </form>
      {create.formError ? <div className="mt-2"><Alert tone="error">{create.formError}</Alert></div> : null}
      <ConfirmDialog
        open={del.open}
        title="Delete access key"
        confirmLabel={`Delete access key ${del.target?.accessKeyId ?? ""}`}
        pending={del.pending}
        error={del.error}
        onClose={del.close}
        onConfirm={() => del.run((k) => deleteAccessKeyAction(k.accessKeyId), (d) => `Deleted ${d.accessKeyId}.`)}
      >
        <p>
          Delete <span className="font-mono">{del.target?.accessKeyId}</span>
          {del.target?.description ? ` (${del.target.description})` : ""}?
        </p>
        <LossList
          items={[
            "Every script, SDK and AWS CLI profile signing with it stops working at once.",
            del.target?.lastUsedAt ? `It was last used ${formatUtc(del.target.lastUsedAt)}.` : "It has never been used.",
            "This can't be undone: a new key has a new id and secret. To pause a key instead, deactivate it.",
          ]}
        />
      </ConfirmDialog>
      <Dialog open={created !== null} onClose={closeCreated} onDismiss={() => setWarned(true)} title="Your new access key">
        {created ? (
          <div className="space-y-3">
            {warned ? (
              <Alert tone="error" title="Copied the secret?">
                Closing loses it for good. Copy it first, then choose I have copied it.
              </Alert>
            ) : null}
            <Alert tone="warning">Copy the secret now: it is not stored in a form anyone can read back, and it won't be shown again.</Alert>
            <Field id="new-key-id" label="Access key ID">
              <Input id="new-key-id" readOnly value={created.accessKeyId} className="font-mono" />
            </Field>
            <Field id="new-key-secret" label="Secret access key">
              <Input id="new-key-secret" readOnly value={created.secretAccessKey} className="font-mono" onFocus={(e) => e.target.select()} data-autofocus />
            </Field>
            <pre className="overflow-x-auto rounded bg-zinc-900 p-2 text-xs whitespace-pre-wrap break-all text-zinc-100">{`aws configure set aws_access_key_id ${created.accessKeyId} --profile stratus
aws configure set aws_secret_access_key ${created.secretAccessKey} --profile stratus
aws configure set region us-east-1 --profile stratus
aws configure set endpoint_url ${typeof window === "undefined" ? "" : window.location.origin}/api/aws --profile stratus`}</pre>
            <div className="flex justify-end">
              <Button variant="primary" onClick={closeCreated}>
                I have copied it
              </Button>
            </div>
          </div>
        ) : null}
      </Dialog>
    </section>
  );
}

function PasswordForm() {
  const { form, formError, notice, pending, submit } = useVerbForm(changePasswordSchema, { current: "", next: "" }, { refresh: false });
  return (
    <section aria-label="Password" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
      <h2 className="text-sm font-semibold">Password</h2>
      <p className="mt-1 text-sm text-zinc-600">Changing it signs you out everywhere else.</p>
      {notice ? <div className="mt-2"><Alert tone="success">{notice}</Alert></div> : null}
      {formError ? <div className="mt-2"><Alert tone="error">{formError}</Alert></div> : null}
      <form
        className="mt-3 space-y-3"
        noValidate
        onSubmit={submit(
          (v) => changePasswordAction(v),
          (d) => `Password changed; ${d.endedSessions} other session${d.endedSessions === 1 ? "" : "s"} ended.`,
          () => form.reset(),
        )}
      >
        <TextField form={form} name="current" id="current-password" label="Current password" type="password" autoComplete="current-password" />
        <TextField form={form} name="next" id="new-password" label="New password" type="password" autoComplete="new-password" hint="At least 10 characters." />
        <Button type="submit" variant="primary" disabled={pending}>
          Change password
        </Button>
      </form>
    </section>
  );
}
