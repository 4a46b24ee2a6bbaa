"use client";
import { useState } from "react";
import { useWatch } from "react-hook-form";
import { denial, type Role } from "@/lib/auth/roles";
import { importKeyAction, createKeyAction, deleteKeyAction } from "@/lib/actions/network";
import { createKeySchema, importKeySchema } from "@/lib/control-plane/keys/schemas";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td, Empty, ActionsTh, ActionsTd } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { Field, Textarea } from "@/components/ui/field";
import { SelectField, TextField, TextareaField, useVerbForm } from "@/components/ui/form";
import { ConfirmDialog, LossList } from "@/components/ui/confirm-dialog";
import { useConfirm } from "@/components/ui/use-confirm";
import { Time } from "@/components/ui/time";

interface KeyView {
  keyPairId: string;
  name: string;
  type: string;
  fingerprintSha256: string;
  fingerprintMd5: string;
  createdAt: string;
}

export function KeyPairsView({ keys, role }: { keys: KeyView[]; role: Role }) {
  const [dialog, setDialog] = useState<"import" | "create" | null>(null);
  const [imported, setImported] = useState<string | null>(null);
  const del = useConfirm<KeyView>();
  const denied = denial(role, "keys.write");
  return (
    <div>
      <PageHeader
        title="Key pairs"
        description="SSH keys instances install for root at boot. Stratus keeps only public keys."
        actions={
          <>
            <Button
              disabledReason={denied}
              onClick={() => {
                setImported(null);
                setDialog("import");
              }}
            >
              Import key pair
            </Button>
            <Button variant="primary" disabledReason={denied} onClick={() => setDialog("create")}>
              Create key pair
            </Button>
          </>
        }
      />
      {del.notice ? <Alert tone="success">{del.notice}</Alert> : null}
      {imported ? <Alert tone="success">{imported}</Alert> : null}
      <div className="mt-3">
        <Table label="Key pairs">
          <thead className="bg-zinc-50">
            <tr>
              <Th>Name</Th>
              <Th>Type</Th>
              <Th>Fingerprint (SHA256)</Th>
              <Th>Fingerprint (MD5)</Th>
              <Th>Created</Th>
              <ActionsTh />
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {keys.length === 0 ? <Empty colSpan={6}>No key pairs yet: import your public key, or let Stratus create one.</Empty> : null}
            {keys.map((k) => (
              <tr key={k.keyPairId}>
                <Td className="font-medium">{k.name}</Td>
                <Td>{k.type}</Td>
                <Td className="font-mono text-xs">{k.fingerprintSha256}</Td>
                <Td className="font-mono text-xs">{k.fingerprintMd5}</Td>
                <Td>
                  <Time iso={k.createdAt} />
                </Td>
                <ActionsTd>
                  <Button size="sm" variant="ghost" disabledReason={denied} aria-label={`Delete ${k.name}`} onClick={() => {
                      setImported(null);
                      del.ask(k);
                    }}
                  >
                    Delete
                  </Button>
                </ActionsTd>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      <Dialog open={dialog === "import"} onClose={() => setDialog(null)} title="Import key pair">
        {dialog === "import" ? (
          <ImportForm
            onCancel={() => setDialog(null)}
            onImported={(notice) => {
              setImported(notice);
              setDialog(null);
            }}
          />
        ) : null}
      </Dialog>
      <CreateKeyDialog open={dialog === "create"} onDone={() => setDialog(null)} />
      <ConfirmDialog
        open={del.open}
        title="Delete key pair"
        confirmLabel={`Delete key pair ${del.target?.name ?? ""}`}
        pending={del.pending}
        error={del.error}
        onClose={del.close}
        onConfirm={() => del.run((k) => deleteKeyAction(k.name), (_, k) => `Deleted ${k.name}. Instances launched with it keep its public key.`)}
      >
        <p>
          Delete the key pair <strong>{del.target?.name}</strong> (<span className="font-mono text-xs break-all">{del.target?.fingerprintSha256}</span>)?
        </p>
        <LossList
          items={[
            "Its public key leaves Stratus: new instances can't be launched with it.",
            "Stratus never kept the private key; if you still have it, instances already launched with this key still accept it.",
            "Importing the same public key again later gives the same fingerprint.",
          ]}
        />
      </ConfirmDialog>
    </div>
  );
}

function ImportForm({ onCancel, onImported }: { onCancel: () => void; onImported: (notice: string) => void }) {
  const { form, formError, pending, submit } = useVerbForm(importKeySchema, { name: "", publicKey: "" });
  return (
    <form className="space-y-3" noValidate onSubmit={submit((v) => importKeyAction(v), () => null, (d) => onImported(`Imported ${d.name} (${d.fingerprintSha256}).`))}>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <TextField form={form} name="name" id="key-name" label="Name" placeholder="amazon" />
      <TextareaField form={form} name="publicKey" id="key-public" label="Public key" rows={4} hint="The contents of your .pub file, such as ~/.ssh/id_ed25519.pub" placeholder="ssh-ed25519 AAAAC3… you@laptop" />
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={pending}>
          Import
        </Button>
      </div>
    </form>
  );
}

/** Create, then show the private key once: closing before it is downloaded must be deliberate. */
function CreateKeyDialog({ open, onDone }: { open: boolean; onDone: () => void }) {
  const [created, setCreated] = useState<Created | null>(null);
  const [downloaded, setDownloaded] = useState(false);
  const [warned, setWarned] = useState(false);
  const done = () => {
    setCreated(null);
    setDownloaded(false);
    setWarned(false);
    onDone();
  };
  // Escape or ✕ while the only copy of the key is on screen warns rather than closes.
  const unsaved = created !== null && !downloaded;
  return (
    <Dialog open={open} onClose={done} onDismiss={unsaved ? () => setWarned(true) : done} title="Create key pair">
      {!open ? null : created ? (
        <PrivateKey created={created} downloaded={downloaded} warned={warned && unsaved} onDownloaded={() => setDownloaded(true)} onDone={done} />
      ) : (
        <CreateForm onCancel={done} onCreated={setCreated} />
      )}
    </Dialog>
  );
}

interface Created {
  name: string;
  privateKey: string;
  fingerprintSha256: string;
}

function PrivateKey({ created, downloaded, warned, onDownloaded, onDone }: { created: Created; downloaded: boolean; warned: boolean; onDownloaded: () => void; onDone: () => void }) {
  return (
    <div className="space-y-3">
      {warned ? (
        <Alert tone="error" title="The private key isn't saved yet">
          Closing now loses it for good. Download it first, or choose Close without downloading.
        </Alert>
      ) : null}
      <Alert tone="warning" title="Save the private key now">
        This is the only time it is shown. Stratus keeps only the public key; if you lose this file, create a new key pair.
      </Alert>
      <p className="text-sm">
        {created.name} · <span className="font-mono text-xs">{created.fingerprintSha256}</span>
      </p>
      <Field id="private-key" label="Private key">
        <Textarea id="private-key" readOnly rows={8} value={created.privateKey} className="text-xs" />
      </Field>
      <div className="flex justify-end gap-2">
        <Button
          variant="primary"
          // The form that had focus is gone: the one thing to do now has it.
          autoFocus
          onClick={() => {
            const url = URL.createObjectURL(new Blob([created.privateKey], { type: "application/x-pem-file" }));
            const a = document.createElement("a");
            a.href = url;
            a.download = `${created.name}.pem`;
            a.click();
            URL.revokeObjectURL(url);
            onDownloaded();
          }}
        >
          Download private key
        </Button>
        <Button onClick={onDone}>{downloaded ? "Done" : "Close without downloading"}</Button>
      </div>
      <p className="text-xs text-zinc-500">Then: chmod 600 {created.name}.pem; ssh -i {created.name}.pem root@&lt;public address&gt;</p>
    </div>
  );
}

function CreateForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (c: Created) => void }) {
  const { form, formError, pending, submit } = useVerbForm(createKeySchema, { name: "", type: "ed25519", bits: "2048" });
  const type = useWatch({ control: form.control, name: "type" });
  return (
    <form className="space-y-3" noValidate onSubmit={submit((v) => createKeyAction(v), (d) => `Created ${d.name}.`, onCreated)}>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <TextField form={form} name="name" id="new-key-name" label="Name" />
      <SelectField form={form} name="type" id="new-key-type" label="Key type">
        <option value="ed25519">ed25519 (recommended)</option>
        <option value="rsa">RSA</option>
      </SelectField>
      {type === "rsa" ? (
        <SelectField form={form} name="bits" id="new-key-bits" label="RSA key size">
          <option value="2048">2048 bits</option>
          <option value="4096">4096 bits</option>
        </SelectField>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Generating…" : "Create key pair"}
        </Button>
      </div>
    </form>
  );
}
