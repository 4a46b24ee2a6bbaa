"use client";
import { useState } from "react";
import { changePasswordAction, createAccessKeyAction, deleteAccessKeyAction, setAccessKeyStatusAction } from "@/lib/actions/account";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td, Empty } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
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
    <div className="max-w-3xl space-y-6">
      <PageHeader title="Your account" description={`${email} · ${role} in ${team}`} />
      <AccessKeys keys={keys} team={team} />
      <PasswordForm />
    </div>
  );
}

function AccessKeys({ keys, team }: { keys: Key[]; team: string }) {
  const f = useFormAction();
  const [description, setDescription] = useState("");
  const [created, setCreated] = useState<{ accessKeyId: string; secretAccessKey: string } | null>(null);
  return (
    <section aria-label="Access keys" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
      <h2 className="text-sm font-semibold">Access keys</h2>
      <p className="mt-1 text-sm text-zinc-600">
        For the AWS CLI and SDKs: a key acts as you, in {team}, with your role. The secret is shown once, when the key is created.
      </p>
      {f.error ? <div className="mt-2"><Alert tone="error">{f.error.message}</Alert></div> : null}
      {f.notice && !created ? <div className="mt-2"><Alert tone="success">{f.notice}</Alert></div> : null}
      <div className="mt-3">
        <Table label="Access keys">
          <thead className="bg-zinc-50">
            <tr>
              <Th>Access key ID</Th>
              <Th>Description</Th>
              <Th>Status</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
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
                <Td className="space-x-1 text-right">
                  <Button size="sm" onClick={() => f.submit(() => setAccessKeyStatusAction(k.accessKeyId, k.status === "Active" ? "Inactive" : "Active"), (d) => `${d.accessKeyId} is ${d.status.toLowerCase()}.`)}>
                    {k.status === "Active" ? "Deactivate" : "Activate"}
                  </Button>
                  <Button size="sm" variant="danger" aria-label={`Delete ${k.accessKeyId}`} onClick={() => f.submit(() => deleteAccessKeyAction(k.accessKeyId), (d) => `Deleted ${d.accessKeyId}.`)}>
                    Delete
                  </Button>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      <form
        className="mt-3 flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          f.submit(() => createAccessKeyAction(description), (d) => `Created ${d.accessKeyId}.`, (d) => {
            setCreated({ accessKeyId: d.accessKeyId, secretAccessKey: d.secretAccessKey });
            setDescription("");
          });
        }}
      >
        <Field id="key-description" label="Description (optional)">
          <Input id="key-description" value={description} onChange={(e) => setDescription(e.target.value)} className="w-72" />
        </Field>
        <Button type="submit" variant="primary" disabled={f.pending}>
          Create access key
        </Button>
      </form>
      <Dialog open={created !== null} onClose={() => setCreated(null)} title="Your new access key">
        {created ? (
          <div className="space-y-3">
            <Alert tone="warning">Copy the secret now: it is not stored in a form anyone can read back, and it won't be shown again.</Alert>
            <Field id="new-key-id" label="Access key ID">
              <Input id="new-key-id" readOnly value={created.accessKeyId} className="font-mono" />
            </Field>
            <Field id="new-key-secret" label="Secret access key">
              <Input id="new-key-secret" readOnly value={created.secretAccessKey} className="font-mono" onFocus={(e) => e.target.select()} />
            </Field>
            <pre className="overflow-x-auto rounded bg-zinc-900 p-2 text-xs text-zinc-100">{`aws configure set aws_access_key_id ${created.accessKeyId} --profile stratus
aws configure set aws_secret_access_key ${created.secretAccessKey} --profile stratus`}</pre>
            <div className="flex justify-end">
              <Button variant="primary" onClick={() => setCreated(null)}>
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
  const f = useFormAction();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  return (
    <section aria-label="Password" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
      <h2 className="text-sm font-semibold">Password</h2>
      <p className="mt-1 text-sm text-zinc-600">Changing it signs you out everywhere else.</p>
      {f.notice ? <div className="mt-2"><Alert tone="success">{f.notice}</Alert></div> : null}
      <form
        className="mt-3 space-y-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          f.submit(() => changePasswordAction(current, next), (d) => `Password changed; ${d.endedSessions} other session${d.endedSessions === 1 ? "" : "s"} ended.`, () => {
            setCurrent("");
            setNext("");
          });
        }}
      >
        <Field id="current-password" label="Current password" error={f.fieldError("current")}>
          <Input id="current-password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} error={f.fieldError("current")} />
        </Field>
        <Field id="new-password" label="New password" error={f.fieldError("next") ?? (f.error && !f.error.field ? f.error.message : null)} hint="At least 10 characters.">
          <Input id="new-password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} error={f.fieldError("next")} hint />
        </Field>
        <Button type="submit" variant="primary" disabled={f.pending}>
          Change password
        </Button>
      </form>
    </section>
  );
}
