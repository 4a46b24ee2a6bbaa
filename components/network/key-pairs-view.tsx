"use client";
import { useState } from "react";
import { denial, type Role } from "@/lib/auth/roles";
import { importKeyAction, createKeyAction, deleteKeyAction } from "@/lib/actions/network";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td, Empty } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { useFormAction } from "@/components/catalog/use-form-action";

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
  const f = useFormAction();
  const denied = denial(role, "keys.write");
  return (
    <div>
      <PageHeader
        title="Key pairs"
        description="SSH keys instances install for root at boot. Stratus keeps only public keys."
        actions={
          <>
            <Button disabledReason={denied} onClick={() => setDialog("import")}>
              Import key pair
            </Button>
            <Button variant="primary" disabledReason={denied} onClick={() => setDialog("create")}>
              Create key pair
            </Button>
          </>
        }
      />
      {f.error ? <Alert tone="error">{f.error.message}</Alert> : null}
      {f.notice ? <Alert tone="success">{f.notice}</Alert> : null}
      <div className="mt-3">
        <Table label="Key pairs">
          <thead className="bg-zinc-50">
            <tr>
              <Th>Name</Th>
              <Th>Type</Th>
              <Th>Fingerprint (SHA256)</Th>
              <Th>Fingerprint (MD5)</Th>
              <Th>Created</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
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
                <Td className="text-right">
                  <Button size="sm" variant="ghost" disabledReason={denied} aria-label={`Delete ${k.name}`} onClick={() => f.submit(() => deleteKeyAction(k.name), () => `Deleted ${k.name}. Instances launched with it keep its public key.`)}>
                    Delete
                  </Button>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      <Dialog open={dialog === "import"} onClose={() => setDialog(null)} title="Import key pair">
        {dialog === "import" ? <ImportForm onDone={() => setDialog(null)} /> : null}
      </Dialog>
      <Dialog open={dialog === "create"} onClose={() => setDialog(null)} title="Create key pair">
        {dialog === "create" ? <CreateForm onDone={() => setDialog(null)} /> : null}
      </Dialog>
    </div>
  );
}

function ImportForm({ onDone }: { onDone: () => void }) {
  const f = useFormAction();
  const [name, setName] = useState("");
  const [publicKey, setPublicKey] = useState("");
  return (
    <form
      className="space-y-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        f.submit(() => importKeyAction(name, publicKey), (d) => `Imported ${d.name} (${d.fingerprintSha256}).`, onDone);
      }}
    >
      {f.error && !f.error.field ? <Alert tone="error">{f.error.message}</Alert> : null}
      <Field id="key-name" label="Name" error={f.fieldError("name")}>
        <Input id="key-name" value={name} onChange={(e) => setName(e.target.value)} error={f.fieldError("name")} placeholder="amazon" />
      </Field>
      <Field id="key-public" label="Public key" error={f.fieldError("publicKey")} hint="The contents of your .pub file, such as ~/.ssh/id_ed25519.pub">
        <Textarea id="key-public" rows={4} value={publicKey} onChange={(e) => setPublicKey(e.target.value)} error={f.fieldError("publicKey")} hint placeholder="ssh-ed25519 AAAAC3… you@laptop" />
      </Field>
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={f.pending}>
          Import
        </Button>
      </div>
    </form>
  );
}

function CreateForm({ onDone }: { onDone: () => void }) {
  const f = useFormAction();
  const [name, setName] = useState("");
  const [type, setType] = useState("ed25519");
  const [bits, setBits] = useState("2048");
  const [created, setCreated] = useState<{ name: string; privateKey: string; fingerprintSha256: string } | null>(null);
  const [downloaded, setDownloaded] = useState(false);
  if (created)
    return (
      <div className="space-y-3">
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
            onClick={() => {
              const url = URL.createObjectURL(new Blob([created.privateKey], { type: "application/x-pem-file" }));
              const a = document.createElement("a");
              a.href = url;
              a.download = `${created.name}.pem`;
              a.click();
              URL.revokeObjectURL(url);
              setDownloaded(true);
            }}
          >
            Download private key
          </Button>
          <Button onClick={onDone}>{downloaded ? "Done" : "Close without downloading"}</Button>
        </div>
        <p className="text-xs text-zinc-500">Then: chmod 600 {created.name}.pem; ssh -i {created.name}.pem root@&lt;public address&gt;</p>
      </div>
    );
  return (
    <form
      className="space-y-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        f.submit(() => createKeyAction(name, type, bits), (d) => `Created ${d.name}.`, (d) => setCreated(d));
      }}
    >
      {f.error && !f.error.field ? <Alert tone="error">{f.error.message}</Alert> : null}
      <Field id="new-key-name" label="Name" error={f.fieldError("name")}>
        <Input id="new-key-name" value={name} onChange={(e) => setName(e.target.value)} error={f.fieldError("name")} />
      </Field>
      <Field id="new-key-type" label="Key type">
        <Select id="new-key-type" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="ed25519">ed25519 (recommended)</option>
          <option value="rsa">RSA</option>
        </Select>
      </Field>
      {type === "rsa" ? (
        <Field id="new-key-bits" label="RSA key size">
          <Select id="new-key-bits" value={bits} onChange={(e) => setBits(e.target.value)}>
            <option value="2048">2048 bits</option>
            <option value="4096">4096 bits</option>
          </Select>
        </Field>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={f.pending}>
          {f.pending ? "Generating…" : "Create key pair"}
        </Button>
      </div>
    </form>
  );
}
