// The audit log as CSV (the filters of the page), streamed.
import { toCsv } from "@/lib/csv";
import { attachment, withRequestCtx } from "@/lib/http/route";
import { exportAudit } from "@/lib/control-plane/audit/audit";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  const p = new URL(req.url).searchParams;
  const input = Object.fromEntries(["actor", "action", "target", "result", "from", "to"].map((k) => [k, p.get(k) ?? ""]));
  return withRequestCtx(req, async (ctx) => {
    const rows = await exportAudit({ ctx, input: input as never });
    const enc = new TextEncoder();
    const stream = new ReadableStream({
      async start(controller) {
        controller.enqueue(enc.encode(toCsv([["time_utc", "actor", "action", "targets", "source_ip", "result", "details"]])));
        for await (const r of rows()) controller.enqueue(enc.encode(toCsv([[r.at, r.actor, r.action, r.targets, r.sourceIp, r.result, r.details]])));
        controller.close();
      },
    });
    return new Response(stream, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": attachment(`stratus-audit-${ctx.team.name}.csv`), "cache-control": "no-store" },
    });
  });
}
