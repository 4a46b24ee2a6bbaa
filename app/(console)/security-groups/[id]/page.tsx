import { notFound } from "next/navigation";
import { requireCtx } from "@/lib/auth/request";
import { describeSecurityGroups } from "@/lib/control-plane/groups/groups";
import { isServiceError } from "@/lib/errors";
import { GroupDetail } from "@/components/network/group-detail";

export const metadata = { title: "Security group" };

export default async function GroupPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await requireCtx();
  try {
    const all = await describeSecurityGroups({ ctx, input: {} });
    const group = all.find((g) => g.id === id);
    if (!group) notFound();
    return <GroupDetail group={group} groups={all.map((g) => ({ id: g.id, name: g.name }))} role={ctx.role} />;
  } catch (e) {
    if (isServiceError(e) && e.code === "InvalidGroup.NotFound") notFound();
    throw e;
  }
}
