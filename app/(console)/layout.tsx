import type { ReactNode } from "react";
import { requireCtx, getSession } from "@/lib/auth/request";
import { Nav } from "@/components/shell/nav";
import { SimClock } from "@/components/shell/sim-clock";
import { signOutAction } from "@/lib/actions/auth";
import { switchTeamAction } from "@/lib/actions/teams";
import { teamsOf } from "@/lib/control-plane/teams/teams";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const ctx = await requireCtx();
  const session = (await getSession())!;
  const teams = await teamsOf(ctx.db, session.user.id);
  return (
    <div className="min-h-screen">
      <header className="no-print flex items-center justify-between gap-4 border-b border-zinc-800 bg-zinc-900 px-4 py-2 text-zinc-100">
        <div className="flex items-center gap-4">
          <a href="/instances" className="text-lg font-semibold tracking-tight">
            ☁ Stratus
          </a>
          {teams.length > 1 ? (
            <form action={switchTeamAction} className="flex items-center gap-1.5 text-xs">
              <label htmlFor="team-switch" className="text-zinc-400">
                Team
              </label>
              <select id="team-switch" name="teamId" defaultValue={ctx.team.id} className="rounded bg-zinc-800 px-1.5 py-0.5 text-white">
                {teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name} ({t.role})
                  </option>
                ))}
              </select>
              <button type="submit" className="rounded bg-zinc-700 px-2 py-0.5 hover:bg-zinc-600">
                Switch team
              </button>
            </form>
          ) : null}
          <span className="rounded bg-zinc-800 px-2 py-0.5 text-xs text-zinc-300" aria-label="Current team">
            Team: <span className="font-medium text-white">{ctx.team.name}</span>
          </span>
          <span className="text-xs text-zinc-400">us-east-1</span>
        </div>
        <div className="flex items-center gap-4 text-sm">
          {ctx.clock.speed !== 1 ? <SimClock simIso={ctx.clock.now().toISOString()} speed={ctx.clock.speed} /> : null}
          <a href="/account" className="text-zinc-300 hover:text-white">
            {session.user.email} <span className="text-zinc-500">({ctx.role})</span>
          </a>
          <form action={signOutAction}>
            <button type="submit" className="rounded px-2 py-1 text-zinc-300 hover:bg-zinc-800 hover:text-white">
              Sign out
            </button>
          </form>
        </div>
      </header>
      <div className="flex">
        <Nav role={ctx.role} />
        <main className="min-w-0 flex-1 px-6 py-5">{children}</main>
      </div>
    </div>
  );
}
