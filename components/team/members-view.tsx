"use client";
import { useState } from "react";
import { ROLES } from "@/lib/auth/roles";
import { changeRoleAction, inviteAction, removeMemberAction, revokeInvitationAction } from "@/lib/actions/teams";
import { inviteSchema } from "@/lib/control-plane/teams/schemas";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td, ActionsTh, ActionsTd } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Input, Select } from "@/components/ui/field";
import { SelectField, TextField, useVerbForm } from "@/components/ui/form";
import { ConfirmDialog, LossList } from "@/components/ui/confirm-dialog";
import { useConfirm } from "@/components/ui/use-confirm";
import { Time } from "@/components/ui/time";
import { useFormAction } from "@/components/catalog/use-form-action";

interface Member {
  userId: string;
  email: string;
  role: string;
  joinedAt: string;
}
interface Invitation {
  id: string;
  email: string;
  role: string;
  expiresAt: string;
}

const ROLE_HELP: Record<string, string> = {
  admin: "everything, including members, settings and the price book",
  operator: "launch and operate instances; edit groups, keys and tags; read costs",
  billing: "read everything; costs, budgets and exports",
  viewer: "read instances, images, groups, keys and addresses",
};

export function MembersView({ members, invitations, teamName, me }: { members: Member[]; invitations: Invitation[]; teamName: string; me: string }) {
  const f = useFormAction();
  const remove = useConfirm<Member>();
  return (
    <div className="space-y-6">
      <PageHeader title="Members" description={`Who belongs to ${teamName}, and what each role may do.`} />
      {f.error ? <Alert tone="error">{f.error.message}</Alert> : null}
      {f.notice ? <Alert tone="success">{f.notice}</Alert> : null}
      {remove.notice ? <Alert tone="success">{remove.notice}</Alert> : null}
      <Table label="Members">
        <thead className="bg-zinc-50">
          <tr>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th>Joined</Th>
            <ActionsTh />
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {members.map((m) => (
            <MemberRow key={m.userId} m={m} isMe={m.userId === me} f={f} onRemove={() => remove.ask(m)} />
          ))}
        </tbody>
      </Table>
      <InviteForm />
      {invitations.length ? (
        <section aria-label="Pending invitations">
          <h2 className="mb-2 text-sm font-semibold">Pending invitations</h2>
          <Table label="Pending invitations">
            <tbody className="divide-y divide-zinc-100">
              {invitations.map((i) => (
                <tr key={i.id}>
                  <Td>{i.email}</Td>
                  <Td>{i.role}</Td>
                  <Td>
                    expires <Time iso={i.expiresAt} />
                  </Td>
                  <ActionsTd>
                    <Button size="sm" variant="ghost" aria-label={`Revoke the invitation of ${i.email}`} onClick={() => f.submit(() => revokeInvitationAction(i.id), () => `Withdrew the invitation of ${i.email}.`)}>
                      Revoke
                    </Button>
                  </ActionsTd>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      ) : null}
      <section aria-label="Roles" className="rounded-lg bg-white p-4 text-sm ring-1 ring-zinc-200">
        <h2 className="mb-2 font-semibold">Roles</h2>
        <dl className="grid grid-cols-1 gap-y-1 sm:grid-cols-[8rem_1fr]">
          {ROLES.map((r) => (
            <div key={r} className="contents">
              <dt className="font-medium">{r}</dt>
              <dd className="text-zinc-600">{ROLE_HELP[r]}</dd>
            </div>
          ))}
        </dl>
      </section>
      <ConfirmDialog
        open={remove.open}
        title="Remove member"
        confirmLabel={`Remove ${remove.target?.email ?? ""}`}
        pending={remove.pending}
        error={remove.error}
        onClose={remove.close}
        onConfirm={() => remove.run((m) => removeMemberAction(m.userId), (_, m) => `Removed ${m.email}.`)}
      >
        <p>
          Remove <strong>{remove.target?.email}</strong> ({remove.target?.role}) from {teamName}?
        </p>
        <LossList
          items={[
            `Their access to ${teamName}: they are signed out of it at once.`,
            "Their access keys for this team stop working (scripts and CLI profiles using them fail).",
            "Instances they launched keep running; the audit log keeps what they did.",
          ]}
        />
        <p>To let them back in, invite them again.</p>
      </ConfirmDialog>
    </div>
  );
}

function MemberRow({ m, isMe, f, onRemove }: { m: Member; isMe: boolean; f: ReturnType<typeof useFormAction>; onRemove: () => void }) {
  const [role, setRole] = useState(m.role);
  return (
    <tr>
      <Td>
        {m.email} {isMe ? <span className="text-xs text-zinc-500">(you)</span> : null}
      </Td>
      <Td>
        <label htmlFor={`role-${m.userId}`} className="sr-only">
          Role of {m.email}
        </label>
        <Select id={`role-${m.userId}`} value={role} onChange={(e) => setRole(e.target.value)} className="w-36">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
      </Td>
      <Td>
        <Time iso={m.joinedAt} />
      </Td>
      <ActionsTd>
        <Button size="sm" disabledReason={role === m.role ? "Pick a different role first." : null} onClick={() => f.submit(() => changeRoleAction(m.userId, role), (d) => `${m.email} is now ${d.role}.`)}>
          Save role
        </Button>
        <Button size="sm" variant="danger" aria-label={`Remove ${m.email}`} onClick={onRemove}>
          Remove
        </Button>
      </ActionsTd>
    </tr>
  );
}

function InviteForm() {
  const { form, formError, notice, pending, submit } = useVerbForm(inviteSchema, { email: "", role: "operator" });
  const [link, setLink] = useState<string | null>(null);
  return (
    <section aria-label="Invite a member" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
      <h2 className="text-sm font-semibold">Invite a member</h2>
      <p className="mt-1 text-sm text-zinc-600">Stratus sends no mail: copy the link and pass it on. It works once, for 7 days.</p>
      <form
        className="mt-3 flex flex-wrap items-start gap-2"
        noValidate
        onSubmit={(e) => {
          setLink(null);
          return submit(
            (v) => inviteAction(v),
            (d) => `Invited ${d.email} as ${d.role}.`,
            (d) => {
              setLink(`${window.location.origin}${d.path}`);
              form.reset({ email: "", role: form.getValues("role") });
            },
          )(e);
        }}
      >
        <TextField form={form} name="email" id="invite-email" label="Email" type="email" className="w-72 max-w-full" />
        <SelectField form={form} name="role" id="invite-role" label="Role" className="w-36">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </SelectField>
        <Button type="submit" variant="primary" className="sm:mt-6" disabled={pending}>
          Create invitation
        </Button>
      </form>
      {formError ? (
        <div className="mt-2">
          <Alert tone="error">{formError}</Alert>
        </div>
      ) : null}
      {notice && !link ? <p className="mt-2 text-sm text-emerald-800">{notice}</p> : null}
      {link ? (
        <div className="mt-3 space-y-1">
          <label htmlFor="invite-link" className="block text-sm font-medium">
            Invitation link
          </label>
          <div className="flex gap-2">
            <Input id="invite-link" readOnly value={link} onFocus={(e) => e.target.select()} className="font-mono text-xs" />
            <Button size="sm" onClick={() => navigator.clipboard?.writeText(link)}>
              Copy
            </Button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
