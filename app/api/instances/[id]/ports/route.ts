// A real VM's port mappings as JSON: GET /api/instances/{id}/ports, with the
// team's session, an access key as HTTP Basic, or a SigV4-signed request.
import { ctxFromRequest } from "@/lib/http/authenticate";
import { errorResponse } from "@/lib/http/route";
import { describeInstancePorts } from "@/lib/control-plane/instances/ports";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const ctx = await ctxFromRequest(req);
    if (!ctx) return Response.json({ error: { code: "AuthFailure", message: "Sign in, or sign the request with an access key." } }, { status: 401 });
    return Response.json(await describeInstancePorts({ ctx, input: { instanceId: id } }), { headers: { "cache-control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}
