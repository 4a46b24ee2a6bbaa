"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { SecurityGroupView } from "@/lib/control-plane/groups/groups";
import { denial, type Role } from "@/lib/auth/roles";
import { createGroupAction } from "@/lib/actions/network";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { TextField, useVerbForm } from "@/components/ui/form";
import { createGroupSchema } from "@/lib/control-plane/groups/schemas";

export function GroupsView({ groups, role }: { groups: SecurityGroupView[]; role: Role }) {
  const [creating, setCreating] = useState(false);
  return (
    <div>
      <PageHeader
        title="Security groups"
        description="Named access lists enforced at the NAT in front of every instance. Instances join them at launch; rule changes apply to running instances at once."
        actions={
          <Button variant="primary" disabledReason={denial(role, "groups.write")} onClick={() => setCreating(true)}>
            Create security group
          </Button>
        }
      />
      <Table label="Security groups">
        <thead className="bg-zinc-50">
          <tr>
            <Th>Name</Th>
            <Th>Group ID</Th>
            <Th>Description</Th>
            <Th>Inbound rules</Th>
            <Th>Instances</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {groups.map((g) => (
            <tr key={g.id}>
              <Td>
                <Link href={`/security-groups/${g.id}`} className="font-medium text-sky-800 hover:underline">
                  {g.name}
                </Link>
              </Td>
              <Td className="font-mono text-xs">{g.id}</Td>
              <Td className="min-w-48 whitespace-normal">{g.description}</Td>
              <Td>
                <ul className="font-mono text-xs">
                  {g.rules.slice(0, 4).map((r) => (
                    <li key={r.id}>{r.line}</li>
                  ))}
                  {g.rules.length > 4 ? <li className="text-zinc-500">and {g.rules.length - 4} more</li> : null}
                  {g.rules.length === 0 ? <li className="text-zinc-500">none: nothing gets in</li> : null}
                </ul>
              </Td>
              <Td>{g.instanceIds.length}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Dialog open={creating} onClose={() => setCreating(false)} title="Create security group">
        {creating ? <CreateForm onDone={() => setCreating(false)} /> : null}
      </Dialog>
    </div>
  );
}

function CreateForm({ onDone }: { onDone: () => void }) {
  const router = useRouter();
  const { form, formError, pending, submit } = useVerbForm(createGroupSchema, { name: "", description: "" }, { refresh: false });
  return (
    <form
      className="space-y-3"
      noValidate
      onSubmit={submit(
        (v) => createGroupAction(v),
        (d) => `Created ${d.name}.`,
        (d) => {
          onDone();
          router.push(`/security-groups/${d.groupId}`);
        },
      )}
    >
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <TextField form={form} name="name" id="group-name" label="Name" placeholder="webserver" />
      <TextField form={form} name="description" id="group-description" label="Description" placeholder="Web servers: SSH, HTTP and HTTPS" />
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={pending}>
          Create group
        </Button>
      </div>
    </form>
  );
}
