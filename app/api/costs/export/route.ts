// CSV of a cost breakdown: one row per group per day, exact decimals.
import { toCsv } from "@/lib/csv";
import { attachment, withRequestCtx } from "@/lib/http/route";
import { exportCosts, CSV_HEADER } from "@/lib/control-plane/costs/export";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  const p = new URL(req.url).searchParams;
  return withRequestCtx(req, async (ctx) => {
    const input = { from: p.get("from") ?? "", to: p.get("to") ?? "", groupBy: p.get("groupBy") ?? "category", filter: p.get("filter") || undefined };
    const rows = await exportCosts({ ctx, input });
    const enc = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(enc.encode(toCsv([CSV_HEADER])));
        for await (const batch of rows()) controller.enqueue(enc.encode(toCsv(batch)));
        controller.close();
      },
    });
    return new Response(stream, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": attachment(`stratus-costs-${input.from}-to-${input.to}-by-${input.groupBy}.csv`), "cache-control": "no-store" } });
  });
}
