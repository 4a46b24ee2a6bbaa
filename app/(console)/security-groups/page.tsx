import { requireCtx } from "@/lib/auth/request";
import { describeSecurityGroups } from "@/lib/control-plane/groups/groups";
import { GroupsView } from "@/components/network/groups-view";

export const metadata = { title: "Security groups" };

export default async function GroupsPage() {
  const ctx = await requireCtx();
  const groups = await describeSecurityGroups({ ctx, input: {} });
  return <GroupsView groups={groups} role={ctx.role} />;
}
