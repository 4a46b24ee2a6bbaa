"use client";
import { useState } from "react";
import { denial, type Role } from "@/lib/auth/roles";
import { setInstanceLimitAction } from "@/lib/actions/catalog";
import { createTeamAction } from "@/lib/actions/teams";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field, Input } from "@/components/ui/field";
import { useFormAction } from "@/components/catalog/use-form-action";

export function SettingsView({ settings, role }: { settings: { name: string; instanceLimit: number }; role: Role }) {
  const f = useFormAction();
  const [limit, setLimit] = useState(String(settings.instanceLimit));
  const denied = denial(role, "settings.write");
  return (
    <div className="max-w-xl">
      <PageHeader title="Settings" description={`Settings of the team ${settings.name}.`} />
      <section aria-label="Instance limit" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
        <h2 className="text-sm font-semibold">Instance limit</h2>
        <p className="mt-1 text-sm text-zinc-600">How many instances the team may have running at once (pending, running and stopping count; stopped ones don't). EC2 started everyone at 20.</p>
        {f.notice ? <div className="mt-2"><Alert tone="success">{f.notice}</Alert></div> : null}
        <form
          className="mt-3 flex items-end gap-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            f.submit(() => setInstanceLimitAction(limit), (d) => `The limit is now ${d.instanceLimit}.`);
          }}
        >
          <Field id="instance-limit" label="Running instances" error={f.fieldError("instanceLimit") ?? (f.error && !f.error.field ? f.error.message : null)}>
            <Input id="instance-limit" type="number" min={0} value={limit} onChange={(e) => setLimit(e.target.value)} disabled={Boolean(denied)} className="w-32" />
          </Field>
          <Button type="submit" variant="primary" disabledReason={denied} disabled={f.pending}>
            Save
          </Button>
        </form>
      </section>
      <CreateTeam denied={denial(role, "teams.create")} />
    </div>
  );
}

function CreateTeam({ denied }: { denied: string | null }) {
  const f = useFormAction();
  const [name, setName] = useState("");
  return (
    <section aria-label="Create a team" className="mt-4 rounded-lg bg-white p-4 ring-1 ring-zinc-200">
      <h2 className="text-sm font-semibold">Create a team</h2>
      <p className="mt-1 text-sm text-zinc-600">A new team with its own instances, groups, keys and price book. You become its admin; switch to it from the header.</p>
      {f.notice ? <div className="mt-2"><Alert tone="success">{f.notice}</Alert></div> : null}
      <form
        className="mt-3 flex items-end gap-2"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          f.submit(() => createTeamAction(name), (d) => `Created the team ${d.name}.`, () => setName(""));
        }}
      >
        <Field id="team-name" label="Team name" error={f.fieldError("name") ?? (f.error && !f.error.field ? f.error.message : null)}>
          <Input id="team-name" value={name} onChange={(e) => setName(e.target.value)} disabled={Boolean(denied)} className="w-64" />
        </Field>
        <Button type="submit" variant="primary" disabledReason={denied} disabled={f.pending}>
          Create team
        </Button>
      </form>
    </section>
  );
}
