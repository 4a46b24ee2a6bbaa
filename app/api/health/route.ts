import { runtime } from "@/lib/runtime";
import { Prisma } from "@/lib/generated/prisma/client";
import { readRows } from "@/lib/sql/read-rows";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const { db, clock, startedAt, cluster } = await runtime();
    // The read-only connection: answers even while a long write holds the writer.
    await readRows(db, Prisma.sql`SELECT 1`);
    return Response.json({
      status: "ok",
      database: "ok",
      simSpeed: clock.speed,
      simTime: clock.now().toISOString(),
      startedAt: startedAt.toISOString(),
      // Whether this replica runs the background loops (the lease's holder).
      leader: cluster?.leadership.leader ?? false,
      replica: cluster?.replicaId ?? null,
    });
  } catch {
    return Response.json({ status: "unavailable" }, { status: 503 });
  }
}
