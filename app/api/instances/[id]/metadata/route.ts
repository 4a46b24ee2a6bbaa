import { withRequestCtx } from "@/lib/http/route";
import { describeMetadata } from "@/lib/control-plane/instances/metadata";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return withRequestCtx(req, (ctx) => describeMetadata({ ctx, input: { instanceId: id } }));
}
