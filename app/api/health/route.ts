import { runtime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const { db, clock, startedAt } = await runtime();
    await db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok", database: "ok", simSpeed: clock.speed, simTime: clock.now().toISOString(), startedAt: startedAt.toISOString() });
  } catch {
    return Response.json({ status: "unavailable" }, { status: 503 });
  }
}
