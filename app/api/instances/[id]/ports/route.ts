// A real VM's port mappings as JSON: GET /api/instances/{id}/ports, with the
// team's session, an access key as HTTP Basic, or a SigV4-signed request.
import { withRequestCtx } from "@/lib/http/route";
import { describeInstancePorts } from "@/lib/control-plane/instances/ports";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return withRequestCtx(req, (ctx) => describeInstancePorts({ ctx, input: { instanceId: id } }));
}
