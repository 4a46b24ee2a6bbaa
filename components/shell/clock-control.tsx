"use client";
// The simulated clock in the header, ticking at its speed, and for admins the
// time-warp control: pause, 1×, 60×, 3600×. The server refuses what the
// simulated cloud can't do (real VMs pin the clock at 1×) and says why.
import { useEffect, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ClockView } from "@/lib/control-plane/clock/clock";
import { SPEED_LABEL } from "@/lib/control-plane/clock/schemas";
import { setClockSpeedAction } from "@/lib/actions/clock";
import { clockKeys, clockQuery } from "@/lib/queries/clock";
import { formatUtc } from "@/lib/time";

const SPEED_HELP: Record<number, string> = { 0: "time stands still", 1: "real time", 60: "a minute a second", 3600: "an hour a second" };

export const speedText = (s: number) => (s === 0 ? "paused" : `${s.toLocaleString("en-US")}×`);

export function ClockControl({ initial }: { initial: ClockView }) {
  const qc = useQueryClient();
  const router = useRouter();
  const { data = initial } = useQuery(clockQuery(initial));
  const [now, setNow] = useState(data.now);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The speed just chosen shows as chosen at once; the server's answer confirms it (or the error undoes it).
  const [chosen, setChosen] = useState<number | null>(null);
  const [pending, start] = useTransition();
  const box = useRef<HTMLDivElement>(null);

  // Tick locally from the last answer; the query re-anchors it.
  useEffect(() => {
    const sim = Date.parse(data.now);
    const real = Date.now();
    setNow(data.now);
    const t = setInterval(() => setNow(new Date(sim + (Date.now() - real) * data.speed).toISOString()), 1000);
    return () => clearInterval(t);
  }, [data.now, data.speed]);

  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", close);
    document.addEventListener("mousedown", close);
    return () => {
      document.removeEventListener("keydown", close);
      document.removeEventListener("mousedown", close);
    };
  }, [open]);

  function choose(speed: number) {
    setError(null);
    setChosen(speed);
    start(async () => {
      const res = await setClockSpeedAction(speed);
      if (!res.ok) {
        setChosen(null);
        return setError(res.error.message);
      }
      await qc.invalidateQueries({ queryKey: clockKeys.all });
      setChosen(null);
      // Pages that show the simulated time (overview, costs) read it again.
      router.refresh();
    });
  }

  const readout = (
    <span role="timer" aria-label="Simulated clock" className="rounded bg-amber-400/15 px-2 py-0.5 font-mono text-xs whitespace-nowrap text-amber-200">
      <span className="hidden lg:inline">Simulated time </span>
      <time dateTime={now}>
        <span className="hidden sm:inline">{formatUtc(now).slice(0, 11)}</span>
        {formatUtc(now).slice(11)}
      </time>{" "}
      · {speedText(data.speed)}
    </span>
  );
  if (data.denied) return readout;
  return (
    <div ref={box} className="relative flex items-center gap-1.5 sm:gap-2">
      {readout}
      <button
        type="button"
        aria-expanded={open}
        aria-controls="time-warp"
        onClick={() => setOpen(!open)}
        className="rounded px-2 py-1 text-xs whitespace-nowrap text-zinc-200 ring-1 ring-zinc-700 hover:bg-zinc-800"
      >
        <span aria-hidden className="sm:hidden">
          ⏱
        </span>
        <span className="sr-only sm:not-sr-only">Time warp</span>
      </button>
      {open ? (
        <div id="time-warp" className="absolute top-full right-0 z-50 mt-2 w-72 max-w-[90vw] rounded-lg bg-white p-3 text-sm text-zinc-900 shadow-xl ring-1 ring-zinc-200">
          <fieldset aria-busy={pending}>
            <legend className="font-semibold">Clock speed</legend>
            <p className="mt-1 text-xs text-zinc-600">For the whole server: every team&apos;s instances, bills and schedules follow it. Simulated time never jumps.</p>
            <div className="mt-2 space-y-1" role="radiogroup" aria-label="Clock speed">
              {data.speeds.map((s) => {
                const refused = s !== 1 ? data.warpRefused : null;
                return (
                  <label key={s} className={`flex items-center gap-2 rounded px-1 py-0.5 ${refused ? "text-zinc-400" : "hover:bg-zinc-50"}`} title={refused ?? undefined}>
                    <input type="radio" name="clock-speed" value={s} checked={(chosen ?? data.speed) === s} disabled={Boolean(refused)} aria-description={refused ?? undefined} onChange={() => choose(s)} />
                    <span className="font-medium">{SPEED_LABEL[s as keyof typeof SPEED_LABEL]}</span>
                    <span className="text-xs text-zinc-500">{SPEED_HELP[s]}</span>
                  </label>
                );
              })}
            </div>
          </fieldset>
          {data.warpRefused ? <p className="mt-2 text-xs text-amber-800">{data.warpRefused}</p> : null}
          {error ? (
            <p role="alert" className="mt-2 text-xs font-medium text-red-700">
              {error}
            </p>
          ) : null}
          {pending ? <p className="mt-2 text-xs text-zinc-500">Changing the speed…</p> : null}
        </div>
      ) : null}
    </div>
  );
}
