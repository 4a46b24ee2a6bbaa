import { withRequestCtx } from "@/lib/http/route";
import { listInstances } from "@/lib/control-plane/instances/list";
import { filtersFromParams, listInput } from "@/lib/queries/instance-filters";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  const filters = filtersFromParams(new URL(req.url).searchParams);
  return withRequestCtx(req, (ctx) => listInstances({ ctx, input: listInput(filters) }));
}
