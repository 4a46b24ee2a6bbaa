// The team (switch when the user has several), the region, the user's account
// link and Sign out: in the header on wide screens, in the menu drawer on narrow ones.
import { signOutAction } from "@/lib/actions/auth";
import { switchTeamAction } from "@/lib/actions/teams";

interface Props {
  where: "header" | "drawer";
  team: { id: string; name: string };
  teams: { id: string; name: string; role: string }[];
  email: string;
  role: string;
}

export function AccountControls({ where, team, teams, email, role }: Props) {
  const id = `team-switch-${where}`;
  return (
    <>
      <span className="rounded bg-zinc-800 px-2 py-0.5 text-xs text-zinc-300" aria-label="Current team">
        Team: <span className="font-medium text-white">{team.name}</span>
      </span>
      {teams.length > 1 ? (
        <form action={switchTeamAction} className="flex items-center gap-1.5 text-xs">
          <label htmlFor={id} className="text-zinc-400">
            Team
          </label>
          <select id={id} name="teamId" defaultValue={team.id} className="max-w-40 rounded bg-zinc-800 px-1.5 py-0.5 text-white">
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
      <span className="text-xs text-zinc-400">us-east-1</span>
      <a href="/account" className="truncate text-zinc-300 hover:text-white">
        {email} <span className="text-zinc-500">({role})</span>
      </a>
      <form action={signOutAction}>
        <button type="submit" className="rounded px-2 py-1 text-zinc-300 ring-1 ring-zinc-700 hover:bg-zinc-800 hover:text-white">
          Sign out
        </button>
      </form>
    </>
  );
}
