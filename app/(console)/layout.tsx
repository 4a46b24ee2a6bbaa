import type { ReactNode } from "react";
import Link from "next/link";
import { requireCtx, getSession } from "@/lib/auth/request";
import { ConsoleShell } from "@/components/shell/console-shell";
import { AccountControls } from "@/components/shell/account-controls";
import { ClockControl } from "@/components/shell/clock-control";
import { teamsOf } from "@/lib/control-plane/teams/teams";
import { clockView } from "@/lib/control-plane/clock/clock";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const ctx = await requireCtx();
  const session = (await getSession())!;
  const [teams, clock] = await Promise.all([teamsOf(ctx.db, session.user.id), clockView(ctx)]);
  const account = (where: "header" | "drawer") => <AccountControls where={where} team={ctx.team} teams={teams} email={session.user.email} role={ctx.role} />;
  return (
    <ConsoleShell
      role={ctx.role}
      brand={
        <Link href="/" className="shrink-0 text-lg font-semibold tracking-tight">
          ☁ Stratus
        </Link>
      }
      clock={<ClockControl initial={clock} />}
      accountHeader={account("header")}
      accountDrawer={account("drawer")}
    >
      {children}
    </ConsoleShell>
  );
}
