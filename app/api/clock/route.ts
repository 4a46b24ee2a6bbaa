// The simulated clock for the console header: time, speed, and whether this
// session may warp it. Team-scoped by the session like every console route.
import { withSessionCtx } from "@/lib/http/route";
import { describeClock } from "@/lib/control-plane/clock/clock";

export const dynamic = "force-dynamic";

export function GET() {
  return withSessionCtx((ctx) => describeClock({ ctx, input: {} }));
}
