import { notFound } from "next/navigation";
import { requireCtx } from "@/lib/auth/request";
import { describeSecurityGroups } from "@/lib/control-plane/groups/groups";
import { isServiceError } from "@/lib/errors";
import { GroupDetail } from "@/components/network/group-detail";
import { EgressRules } from "@/components/network/egress-rules";

export const metadata = { title: "Security group" };

export default async function GroupPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await requireCtx();
  try {
    const all = await describeSecurityGroups({ ctx, input: {} });
    const group = all.find((g) => g.id === id);
    if (!group) notFound();
    const names = all.map((g) => ({ id: g.id, name: g.name }));
    return (
      <div className="space-y-6">
        <GroupDetail group={group} groups={names} role={ctx.role} />
        <EgressRules group={group} groups={names} role={ctx.role} />
      </div>
    );
  } catch (e) {
    if (isServiceError(e) && e.code === "InvalidGroup.NotFound") notFound();
    throw e;
  }
}
