"use client";
import { useActionState } from "react";
import { acceptInvitationAction, type AcceptState } from "@/lib/actions/invite";
import { Field, Input } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";

export function AcceptForm({ token, email, hasAccount }: { token: string; email: string; hasAccount: boolean }) {
  const [state, action, pending] = useActionState<AcceptState, FormData>(acceptInvitationAction, {});
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="email" value={email} autoComplete="username" />
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      {hasAccount ? (
        <Field id="password" label="Password">
          <Input id="password" name="password" type="password" autoComplete="current-password" required />
        </Field>
      ) : (
        <>
          <Field id="name" label="Your name (optional)">
            <Input id="name" name="name" autoComplete="name" />
          </Field>
          <Field id="password" label="Choose a password" hint="At least 10 characters.">
            <Input id="password" name="password" type="password" autoComplete="new-password" required hint />
          </Field>
          <Field id="confirm" label="Repeat the password">
            <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required />
          </Field>
        </>
      )}
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {hasAccount ? "Join the team" : "Create account and join"}
      </Button>
    </form>
  );
}
