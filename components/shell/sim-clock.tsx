"use client";
// The simulated time, ticking at the simulated speed, shown when it differs from the wall clock's.
import { useEffect, useState } from "react";
import { formatUtc } from "@/components/ui/time";

export function SimClock({ simIso, speed }: { simIso: string; speed: number }) {
  const [anchor] = useState(() => ({ sim: new Date(simIso).getTime(), real: Date.now() }));
  const [now, setNow] = useState(anchor.sim);
  useEffect(() => {
    const t = setInterval(() => setNow(anchor.sim + (Date.now() - anchor.real) * speed), 1000);
    return () => clearInterval(t);
  }, [anchor, speed]);
  return (
    <span role="status" aria-label="Simulated time" className="rounded bg-amber-400/15 px-2 py-0.5 font-mono text-xs text-amber-200">
      Simulated time {formatUtc(new Date(now))} · {speed.toLocaleString("en-US")}× speed
    </span>
  );
}
