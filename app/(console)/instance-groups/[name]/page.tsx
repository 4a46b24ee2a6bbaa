import { notFound } from "next/navigation";
import { requireCtx } from "@/lib/auth/request";
import { describeGroup } from "@/lib/control-plane/instance-groups/groups";
import { describeActivities } from "@/lib/control-plane/instance-groups/activities";
import { describeScheduledActions } from "@/lib/control-plane/instance-groups/schedule";
import { isServiceError } from "@/lib/errors";
import { GroupDetail } from "@/components/instance-groups/group-detail";

export const metadata = { title: "Instance group" };

export default async function InstanceGroupPage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  const ctx = await requireCtx();
  try {
    const [group, activities, schedules] = await Promise.all([
      describeGroup({ ctx, input: { name } }),
      describeActivities({ ctx, input: { name, maxRecords: 50 } }),
      describeScheduledActions({ ctx, input: { groupName: name } }),
    ]);
    return <GroupDetail group={group} activities={activities.activities} schedules={schedules} role={ctx.role} simTime={ctx.clock.now().toISOString()} />;
  } catch (e) {
    if (isServiceError(e) && e.code === "ValidationError") notFound();
    throw e;
  }
}
