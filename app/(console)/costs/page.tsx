import { requireCtx } from "@/lib/auth/request";
import { denial } from "@/lib/auth/roles";
import { Denied } from "@/components/ui/denied";
import { CostsView } from "@/components/costs/costs-view";
import { listBudgets, listBudgetAlerts } from "@/lib/control-plane/costs/budgets";
import { tagFacets } from "@/lib/control-plane/tags/tags";

export const metadata = { title: "Costs" };

export default async function CostsPage() {
  const ctx = await requireCtx();
  const reason = denial(ctx.role, "costs.read");
  if (reason) return <Denied title="Costs" reason={reason} />;
  const [budgets, alerts, facets] = await Promise.all([listBudgets({ ctx, input: {} }), listBudgetAlerts({ ctx, input: {} }), tagFacets({ ctx, input: {} })]);
  const tagKeys = [...new Set(facets.map((f) => f.key))];
  return <CostsView nowIso={ctx.clock.now().toISOString()} role={ctx.role} tagKeys={tagKeys} budgets={budgets} alerts={alerts} />;
}
