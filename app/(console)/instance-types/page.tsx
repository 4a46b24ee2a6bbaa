import { requireCtx } from "@/lib/auth/request";
import { listInstanceTypes } from "@/lib/control-plane/catalog/types";
import { TypesView } from "@/components/catalog/types-view";

export const metadata = { title: "Instance types" };

export default async function TypesPage() {
  const ctx = await requireCtx();
  const types = await listInstanceTypes({ ctx, input: {} });
  return <TypesView types={types} role={ctx.role} />;
}
