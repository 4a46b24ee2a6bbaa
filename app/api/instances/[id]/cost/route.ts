import { withRequestCtx } from "@/lib/http/route";
import { instanceCost } from "@/lib/control-plane/costs/instance-cost";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return withRequestCtx(req, (ctx) => instanceCost({ ctx, input: { instanceId: id } }));
}
