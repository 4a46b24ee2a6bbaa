import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { requireCtx } from "@/lib/auth/request";
import { listInstances } from "@/lib/control-plane/instances/list";
import { launchOptions } from "@/lib/control-plane/instances/launch-options";
import { filtersFromParams, listInput } from "@/lib/queries/instance-filters";
import { instanceKeys } from "@/lib/queries/instances";
import { InstancesView } from "@/components/instances/instances-view";

export const metadata = { title: "Instances" };

export default async function InstancesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireCtx();
  const filters = filtersFromParams(await searchParams);
  const qc = new QueryClient();
  const [options] = await Promise.all([
    launchOptions(ctx),
    qc.prefetchQuery({ queryKey: instanceKeys.list(filters), queryFn: () => listInstances({ ctx, input: listInput(filters) }) }),
  ]);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <InstancesView role={ctx.role} options={options} />
    </HydrationBoundary>
  );
}
