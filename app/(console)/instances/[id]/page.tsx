import { notFound } from "next/navigation";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { requireCtx } from "@/lib/auth/request";
import { getInstance, listInstances } from "@/lib/control-plane/instances/list";
import { instanceKeys } from "@/lib/queries/instances";
import { isServiceError } from "@/lib/errors";
import { InstanceDetailView } from "@/components/instances/instance-detail";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: (await params).id };
}

export default async function InstancePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await requireCtx();
  const qc = new QueryClient();
  try {
    const detail = await getInstance({ ctx, input: { instanceId: id } });
    qc.setQueryData(instanceKeys.detail(id), detail);
  } catch (e) {
    // Another team's instance is indistinguishable from one that never existed.
    if (isServiceError(e) && e.code === "InvalidInstanceID.NotFound") notFound();
    throw e;
  }
  const peers = (await listInstances({ ctx, input: { states: ["running"], pageSize: 500, sort: "name", dir: "asc" } })).items.map((i) => ({ id: i.id, name: i.name }));
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <InstanceDetailView id={id} role={ctx.role} peers={peers} />
    </HydrationBoundary>
  );
}
