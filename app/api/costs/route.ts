// The Costs page's data: /api/costs?from=YYYY-MM-DD&to=YYYY-MM-DD&groupBy=type&filter=tag:env=prod
// (to is excluded, as Cost Explorer's End). Team-scoped by the session.
import { withRequestCtx } from "@/lib/http/route";
import { costReport } from "@/lib/control-plane/costs/report";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  const p = new URL(req.url).searchParams;
  return withRequestCtx(req, (ctx) =>
    costReport({ ctx, input: { from: p.get("from") ?? "", to: p.get("to") ?? "", groupBy: p.get("groupBy") ?? "category", filter: p.get("filter") || undefined, compare: p.get("compare") !== "0" } }),
  );
}
