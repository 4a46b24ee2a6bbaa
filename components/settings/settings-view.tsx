"use client";
import { denial, type Role } from "@/lib/auth/roles";
import { setInstanceLimitAction } from "@/lib/actions/catalog";
import { createTeamAction } from "@/lib/actions/teams";
import { createTeamSchema, instanceLimitSchema } from "@/lib/control-plane/teams/schemas";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { TextField, useVerbForm } from "@/components/ui/form";

export function SettingsView({ settings, role }: { settings: { name: string; instanceLimit: number }; role: Role }) {
  const denied = denial(role, "settings.write");
  const { form, formError, notice, pending, submit } = useVerbForm(instanceLimitSchema, { instanceLimit: String(settings.instanceLimit) });
  return (
    <div className="max-w-xl">
      <PageHeader title="Settings" description={`Settings of the team ${settings.name}.`} />
      <section aria-label="Instance limit" className="rounded-lg bg-white p-4 ring-1 ring-zinc-200">
        <h2 className="text-sm font-semibold">Instance limit</h2>
        <p className="mt-1 text-sm text-zinc-600">How many instances the team may have running at once (pending, running and stopping count; stopped ones don&apos;t). EC2 started everyone at 20.</p>
        {notice ? <div className="mt-2"><Alert tone="success">{notice}</Alert></div> : null}
        {formError ? <div className="mt-2"><Alert tone="error">{formError}</Alert></div> : null}
        <form className="mt-3 flex flex-wrap items-start gap-2" noValidate onSubmit={submit((v) => setInstanceLimitAction(v), (d) => `The limit is now ${d.instanceLimit}.`)}>
          <TextField form={form} name="instanceLimit" id="instance-limit" label="Running instances" type="number" min={0} inputMode="numeric" disabled={Boolean(denied)} className="w-32" />
          <Button type="submit" variant="primary" className="sm:mt-6" disabledReason={denied} disabled={pending}>
            Save
          </Button>
        </form>
      </section>
      <CreateTeam denied={denial(role, "teams.create")} />
    </div>
  );
}

function CreateTeam({ denied }: { denied: string | null }) {
  const { form, formError, notice, pending, submit } = useVerbForm(createTeamSchema, { name: "" });
  return (
    <section aria-label="Create a team" className="mt-4 rounded-lg bg-white p-4 ring-1 ring-zinc-200">
      <h2 className="text-sm font-semibold">Create a team</h2>
      <p className="mt-1 text-sm text-zinc-600">A new team with its own instances, groups, keys and price book. You become its admin; switch to it from the header.</p>
      {notice ? <div className="mt-2"><Alert tone="success">{notice}</Alert></div> : null}
      {formError ? <div className="mt-2"><Alert tone="error">{formError}</Alert></div> : null}
      <form className="mt-3 flex flex-wrap items-start gap-2" noValidate onSubmit={submit((v) => createTeamAction(v), (d) => `Created the team ${d.name}.`, () => form.reset())}>
        <TextField form={form} name="name" id="team-name" label="Team name" disabled={Boolean(denied)} className="w-64" />
        <Button type="submit" variant="primary" className="sm:mt-6" disabledReason={denied} disabled={pending}>
          Create team
        </Button>
      </form>
    </section>
  );
}
