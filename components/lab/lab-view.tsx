"use client";
// The failover lab: the seed's scenario run at time-warp. A site on
// instances, resolvers and clients that cache by TTL; the instance dies and
// the group replaces it; for each strategy the page plots the share of
// clients failing and the DNS queries resolvers send, and compares costs.
// The simulation is pure (lib/lab) and deterministic; the page replays it.
import { useEffect, useMemo, useRef, useState } from "react";
import { simulateLab, clampParams, LAB_DEFAULTS, type LabParams, type LabResult } from "@/lib/lab/simulate";
import type { LabSetup } from "@/lib/control-plane/lab/setup";
import { PageHeader } from "@/components/ui/page-header";
import { Field, Input, Select } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { LabCharts } from "./lab-charts";
import { LabSummary } from "./lab-summary";

const SPEEDS = [60, 600, 3600];

export const clock = (s: number) => {
  const t = Math.max(0, Math.floor(s));
  return `${String(Math.floor(t / 3600)).padStart(2, "0")}:${String(Math.floor((t % 3600) / 60)).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}`;
};

export function LabView({ setup }: { setup: LabSetup }) {
  const defaultImage = setup.images.find((i) => i.id === "ami-f937d290") ?? setup.images[0];
  const [imageId, setImageId] = useState(defaultImage?.id ?? "");
  const image = setup.images.find((i) => i.id === imageId);
  const [typeName, setTypeName] = useState(() => setup.types.find((t) => t.architecture === defaultImage?.architecture)?.name ?? setup.types[0]?.name ?? "");
  const [form, setForm] = useState({
    resolvers: String(LAB_DEFAULTS.resolvers),
    clients: String(LAB_DEFAULTS.clients),
    requestsPerHour: String(LAB_DEFAULTS.requestsPerHour),
    retryPercent: String(LAB_DEFAULTS.retryShare * 100),
    eipTtl: String(LAB_DEFAULTS.eipTtl),
    failMinutes: String(LAB_DEFAULTS.failAt / 60),
    hours: String(LAB_DEFAULTS.duration / 3600),
    seed: String(LAB_DEFAULTS.seed),
  });
  const [speed, setSpeed] = useState(600);
  const [result, setResult] = useState<LabResult | null>(null);
  const [now, setNow] = useState(0);
  const [playing, setPlaying] = useState(false);
  const frame = useRef<number | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const prices = useMemo(() => {
    const t = setup.types.find((x) => x.name === typeName);
    return { instanceHourMicros: BigInt(t?.hourlyMicros ?? "0"), eipIdleHourMicros: BigInt(setup.eipIdleHourMicros ?? "0"), billingMode: setup.billingMode };
  }, [setup, typeName]);

  function run() {
    const params: LabParams = clampParams({
      resolvers: form.resolvers,
      clients: form.clients,
      requestsPerHour: form.requestsPerHour,
      retryShare: Number(form.retryPercent) / 100,
      eipTtl: form.eipTtl,
      failAt: Number(form.failMinutes) * 60,
      duration: Number(form.hours) * 3600,
      seed: form.seed,
      bootSeconds: image?.bootSeconds ?? LAB_DEFAULTS.bootSeconds,
      detectSeconds: LAB_DEFAULTS.detectSeconds,
      bucketSeconds: Number(form.hours) > 6 ? 120 : LAB_DEFAULTS.bucketSeconds,
    });
    setResult(simulateLab(params, prices));
    setNow(0);
    setPlaying(true);
  }

  // The replay: simulated time advances at the chosen speed.
  useEffect(() => {
    if (!playing || !result) return;
    let last = performance.now();
    const tick = (t: number) => {
      const dt = ((t - last) / 1000) * speed;
      last = t;
      setNow((n) => {
        const next = Math.min(result.params.duration, n + dt);
        if (next >= result.params.duration) setPlaying(false);
        return next;
      });
      frame.current = requestAnimationFrame(tick);
    };
    frame.current = requestAnimationFrame(tick);
    return () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    };
  }, [playing, result, speed]);

  const done = result !== null && now >= result.params.duration;
  const phase = !result ? null : now < result.params.failAt ? "The site is up." : now < result.replacedAt ? "The instance has died; the group is launching its replacement." : "The replacement runs; resolvers still hold what they cached.";

  return (
    <div className="space-y-6">
      <PageHeader
        title="Failover lab"
        description="The seed article's question, measured: an instance behind www dies and its instance group replaces it with a new address. How many clients fail, for how long, how much DNS traffic does each strategy cost the Internet's resolvers, and what does each cost you? Resolvers cache answers for their TTL; clients go through them."
      />
      <form
        aria-label="Scenario"
        className="grid grid-cols-2 gap-4 rounded-lg bg-white p-4 ring-1 ring-zinc-200 md:grid-cols-5"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <Field id="lab-image" label="Image (boot time)">
          <Select id="lab-image" value={imageId} onChange={(e) => setImageId(e.target.value)}>
            {setup.images.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name} ({i.bootSeconds} s)
              </option>
            ))}
          </Select>
        </Field>
        <Field id="lab-type" label="Instance type">
          <Select id="lab-type" value={typeName} onChange={(e) => setTypeName(e.target.value)}>
            {setup.types
              .filter((t) => t.architecture === image?.architecture)
              .map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name}
                </option>
              ))}
          </Select>
        </Field>
        <Field id="lab-resolvers" label="Resolvers">
          <Input id="lab-resolvers" inputMode="numeric" value={form.resolvers} onChange={set("resolvers")} />
        </Field>
        <Field id="lab-clients" label="Clients">
          <Input id="lab-clients" inputMode="numeric" value={form.clients} onChange={set("clients")} />
        </Field>
        <Field id="lab-rate" label="Requests per client per hour">
          <Input id="lab-rate" inputMode="numeric" value={form.requestsPerHour} onChange={set("requestsPerHour")} />
        </Field>
        <Field id="lab-retry" label="Clients that retry another address (%)">
          <Input id="lab-retry" inputMode="numeric" value={form.retryPercent} onChange={set("retryPercent")} />
        </Field>
        <Field id="lab-eipttl" label="TTL with the Elastic IP (s)">
          <Input id="lab-eipttl" inputMode="numeric" value={form.eipTtl} onChange={set("eipTtl")} />
        </Field>
        <Field id="lab-fail" label="Instance dies at (minute)">
          <Input id="lab-fail" inputMode="numeric" value={form.failMinutes} onChange={set("failMinutes")} />
        </Field>
        <Field id="lab-hours" label="Hours to watch">
          <Input id="lab-hours" inputMode="numeric" value={form.hours} onChange={set("hours")} />
        </Field>
        <Field id="lab-seed" label="Seed">
          <Input id="lab-seed" inputMode="numeric" value={form.seed} onChange={set("seed")} />
        </Field>
        <div className="col-span-2 flex items-end gap-3 md:col-span-5">
          <Field id="lab-speed" label="Time warp">
            <Select id="lab-speed" className="w-32" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {s.toLocaleString("en-US")}×
                </option>
              ))}
            </Select>
          </Field>
          <Button type="submit" variant="primary">
            Run scenario
          </Button>
          <Button onClick={() => setPlaying(!playing)} disabledReason={!result ? "Run the scenario first." : done ? "The run is over." : null}>
            {playing ? "Pause" : "Resume"}
          </Button>
          <Button onClick={() => result && (setNow(result.params.duration), setPlaying(false))} disabledReason={!result ? "Run the scenario first." : done ? "The run is over." : null}>
            Skip to the end
          </Button>
        </div>
      </form>
      {!setup.costsVisible ? <Alert tone="info">Your role can't see costs, so the lab leaves them out.</Alert> : null}
      {result ? (
        <>
          <p role="status" aria-live="polite" className="text-sm">
            Simulated time <span className="font-mono font-semibold">{clock(now)}</span> of {clock(result.params.duration)} — {phase}
            {done ? " Run complete." : ""}
          </p>
          <LabCharts result={result} now={now} />
          <LabSummary result={result} done={done} costsVisible={setup.costsVisible} />
        </>
      ) : (
        <p className="text-sm text-zinc-600">Choose the scenario and run it: the instance dies at the given minute, and the group brings up its replacement after the image's boot time.</p>
      )}
    </div>
  );
}
