// An instance's console: live as Server-Sent Events, or the kept 64 KB as a
// download (?format=text). Only members of the instance's team; anyone else
// gets the same 404 as for an instance that does not exist.
import { withRequestCtx } from "@/lib/http/route";
import { ServiceError } from "@/lib/errors";
import { consoleStream } from "@/lib/console/sse";
import { readConsole } from "@/lib/console/store";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return withRequestCtx(req, async (ctx) => {
    const inst = await ctx.db.instance.findFirst({ where: { id, teamId: ctx.team.id }, select: { id: true } });
    if (!inst) throw new ServiceError("InvalidInstanceID.NotFound", `The instance ID '${id}' does not exist`);
    const url = new URL(req.url);
    if (url.searchParams.get("format") === "text") {
      const snap = await readConsole(ctx.db, id);
      return new Response(snap.lines.join("\n") + (snap.lines.length ? "\n" : ""), {
        headers: { "content-type": "text/plain; charset=utf-8", "content-disposition": `attachment; filename="${id}-console.txt"`, "cache-control": "no-store" },
      });
    }
    const last = Number(req.headers.get("last-event-id") ?? url.searchParams.get("lastEventId") ?? 0);
    const stream = consoleStream(ctx.db, {
      instanceId: id,
      lastEventId: Number.isInteger(last) && last > 0 ? last : 0,
      signal: req.signal,
      finished: async () => {
        const [i, c] = await Promise.all([
          ctx.db.instance.findUnique({ where: { id }, select: { state: true } }),
          ctx.db.consoleOutput.findUnique({ where: { instanceId: id }, select: { nextLineAt: true } }),
        ]);
        return i?.state === "terminated" && !c?.nextLineAt;
      },
    });
    return new Response(stream, {
      headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
    });
  });
}
