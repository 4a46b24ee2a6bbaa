import { withRequestCtx } from "@/lib/http/route";
import { getInstance } from "@/lib/control-plane/instances/list";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return withRequestCtx(req, (ctx) => getInstance({ ctx, input: { instanceId: id } }));
}
