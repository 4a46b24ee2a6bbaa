import { requireCtx } from "@/lib/auth/request";
import { listAccessKeys } from "@/lib/control-plane/identity/access-keys";
import { AccountView } from "@/components/account/account-view";

export const metadata = { title: "Your account" };

export default async function AccountPage() {
  const ctx = await requireCtx();
  const keys = await listAccessKeys({ ctx, input: {} });
  return <AccountView email={ctx.actor.kind === "user" ? ctx.actor.email : ""} team={ctx.team.name} role={ctx.role} keys={keys} />;
}
