import { requireCtx } from "@/lib/auth/request";
import { getTeamSettings } from "@/lib/control-plane/teams/settings";
import { SettingsView } from "@/components/settings/settings-view";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const ctx = await requireCtx();
  const settings = await getTeamSettings({ ctx, input: {} });
  return <SettingsView settings={settings} role={ctx.role} />;
}
