"use client";
// The launch form: image, type, count, key pair, groups, user data (16 KB,
// counted live), zone, tags, and what it will cost per hour and per 30 days.
import { useMemo, useState, useTransition } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { launchAction } from "@/lib/actions/instances";
import { instanceKeys } from "@/lib/queries/instances";
import { formatUsd, parseDollars } from "@/lib/money";
import type { ActionError } from "@/lib/actions/result";
import type { LaunchOptions } from "@/lib/control-plane/instances/launch-options";

const MAX_USER_DATA = 16 * 1024;

interface Props {
  open: boolean;
  onClose: () => void;
  onLaunched: (message: string) => void;
  options: LaunchOptions;
}

export function LaunchDialog({ open, onClose, onLaunched, options }: Props) {
  return (
    <Dialog open={open} onClose={onClose} title="Launch instances" wide>
      {open ? <LaunchForm options={options} onClose={onClose} onLaunched={onLaunched} /> : null}
    </Dialog>
  );
}

function LaunchForm({ options, onClose, onLaunched }: { options: LaunchOptions; onClose: () => void; onLaunched: (message: string) => void }) {
  const qc = useQueryClient();
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  // One token per form: a retried or double-clicked launch returns the same reservation.
  const [clientToken] = useState(() => crypto.randomUUID());
  const [imageId, setImageId] = useState(options.images[0]?.id ?? "");
  const [instanceType, setInstanceType] = useState(() => {
    const arch = options.images[0]?.architecture;
    return options.types.find((t) => t.architecture === arch)?.name ?? options.types[0]?.name ?? "";
  });
  const [count, setCount] = useState("1");
  const [maxCount, setMaxCount] = useState("");
  const [keyName, setKeyName] = useState("");
  const [groups, setGroups] = useState<string[]>(options.groups.some((g) => g.name === "default") ? ["default"] : []);
  const [userData, setUserData] = useState("");
  const [zone, setZone] = useState("");
  const [name, setName] = useState("");
  const [tags, setTags] = useState<{ key: string; value: string }[]>([]);

  const bytes = useMemo(() => new TextEncoder().encode(userData).length, [userData]);
  const type = options.types.find((t) => t.name === instanceType);
  const image = options.images.find((i) => i.id === imageId);
  const n = Math.max(Number.parseInt(maxCount || count, 10) || 0, 0);
  const hourly = type?.hourlyUsd ? parseDollars(type.hourlyUsd) : null;
  const fieldError = (f: string) => (error?.field === f || error?.field?.startsWith(f + ".") ? error.message : null);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    start(async () => {
      const res = await launchAction({
        imageId,
        instanceType,
        minCount: count,
        maxCount: maxCount || undefined,
        keyName,
        securityGroups: groups,
        userData,
        availabilityZone: zone,
        tags: [...(name.trim() ? [{ key: "Name", value: name.trim() }] : []), ...tags],
        clientToken,
      });
      if (!res.ok) {
        setError(res.error);
        return;
      }
      await qc.invalidateQueries({ queryKey: instanceKeys.all });
      const n = res.data.instances.length;
      onLaunched(`Launched ${n} instance${n === 1 ? "" : "s"} in reservation ${res.data.reservationId}: ${res.data.instances.map((i) => i.id).join(", ")}`);
      onClose();
    });
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {error && !["imageId", "instanceType", "minCount", "maxCount", "keyName", "securityGroups", "userData", "availabilityZone"].includes(error.field ?? "") ? (
        <Alert tone="error" title="The launch was refused">
          {error.message}
        </Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="launch-image" label="Image" error={fieldError("imageId")} hint={image ? (image.unavailable ? `Can't start on this host: ${image.unavailable.reason} Fix: ${image.unavailable.fix}` : `${image.architecture} · ${image.rootDeviceType} · owner ${image.ownerAlias}${image.provider === "qemu" ? " · a real VM on this host" : ""}`) : undefined}>
          <Select id="launch-image" value={imageId} onChange={(e) => setImageId(e.target.value)} error={fieldError("imageId")} hint>
            {options.images.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name} ({i.id}){i.unavailable ? " (unavailable here)" : ""}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="launch-type" label="Instance type" error={fieldError("instanceType")} hint={type ? `${type.memoryGb} GB · ${type.ecu} ECU (${type.vcpus} × ${type.ecuPerCore}) · ${type.architecture === "i386" ? "32-bit" : "64-bit"}` : undefined}>
          <Select id="launch-type" value={instanceType} onChange={(e) => setInstanceType(e.target.value)} error={fieldError("instanceType")} hint>
            {options.types.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name} — {t.hourlyUsd ? `$${t.hourlyUsd}/hour` : "no price"}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="launch-count" label="Number of instances" error={fieldError("minCount")} hint="Launch exactly this many, or give a maximum to launch as many as your limit allows.">
          <Input id="launch-count" type="number" min={1} inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value)} error={fieldError("minCount")} hint />
        </Field>
        <Field id="launch-max" label="Maximum count (optional)" error={fieldError("maxCount")}>
          <Input id="launch-max" type="number" min={1} inputMode="numeric" value={maxCount} onChange={(e) => setMaxCount(e.target.value)} error={fieldError("maxCount")} />
        </Field>
        <Field id="launch-key" label="Key pair" error={fieldError("keyName")} hint={options.keyPairs.length === 0 ? "Your team has no key pairs yet; you can launch without one." : undefined}>
          <Select id="launch-key" value={keyName} onChange={(e) => setKeyName(e.target.value)} error={fieldError("keyName")} hint>
            <option value="">No key pair</option>
            {options.keyPairs.map((k) => (
              <option key={k.name} value={k.name}>
                {k.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="launch-zone" label="Availability zone" error={fieldError("availabilityZone")}>
          <Select id="launch-zone" value={zone} onChange={(e) => setZone(e.target.value)} error={fieldError("availabilityZone")}>
            <option value="">No preference</option>
            {options.zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      <fieldset>
        <legend className="text-sm font-medium text-zinc-800">Security groups</legend>
        <p className="text-xs text-zinc-500">The instances join these groups; with none, the default group.</p>
        <div className="mt-1 flex flex-wrap gap-3">
          {options.groups.map((g) => (
            <label key={g.id} className="inline-flex items-center gap-1.5 text-sm">
              <input type="checkbox" checked={groups.includes(g.name)} onChange={(e) => setGroups(e.target.checked ? [...groups, g.name] : groups.filter((x) => x !== g.name))} />
              {g.name}
            </label>
          ))}
        </div>
        {fieldError("securityGroups") ? (
          <p role="alert" className="text-xs font-medium text-red-700">
            {fieldError("securityGroups")}
          </p>
        ) : null}
      </fieldset>

      <Field
        id="launch-user-data"
        label="User data"
        error={fieldError("userData")}
        hint={
          <span className={bytes > MAX_USER_DATA ? "font-medium text-red-700" : ""} aria-live="polite">
            {bytes.toLocaleString("en-US")} of 16,384 bytes{bytes > MAX_USER_DATA ? " — too large" : ""}
          </span>
        }
      >
        <Textarea id="launch-user-data" rows={4} value={userData} onChange={(e) => setUserData(e.target.value)} placeholder={"#!/bin/sh\necho hello from user data"} error={fieldError("userData")} hint />
      </Field>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-zinc-800">Tags</legend>
        <Field id="launch-name" label="Name">
          <Input id="launch-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="web-1" />
        </Field>
        {tags.map((t, i) => (
          <div key={i} className="flex items-end gap-2">
            <Field id={`tag-key-${i}`} label="Tag key">
              <Input id={`tag-key-${i}`} value={t.key} onChange={(e) => setTags(tags.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))} />
            </Field>
            <Field id={`tag-value-${i}`} label="Tag value">
              <Input id={`tag-value-${i}`} value={t.value} onChange={(e) => setTags(tags.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} />
            </Field>
            <Button size="sm" variant="ghost" onClick={() => setTags(tags.filter((_, j) => j !== i))} aria-label={`Remove tag ${i + 1}`}>
              Remove
            </Button>
          </div>
        ))}
        <Button size="sm" onClick={() => setTags([...tags, { key: "", value: "" }])}>
          Add tag
        </Button>
        {fieldError("tags") ? (
          <p role="alert" className="text-xs font-medium text-red-700">
            {fieldError("tags")}
          </p>
        ) : null}
      </fieldset>

      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-200 pt-4">
        <p className="text-sm text-zinc-700" aria-live="polite" data-testid="launch-estimate">
          {hourly !== null && n > 0 ? (
            <>
              Estimated: <strong>{formatUsd(hourly * BigInt(n))} per hour</strong> · {formatUsd(hourly * BigInt(n) * 720n)} for 30 days ({n} × {instanceType})
            </>
          ) : (
            "No price for this type."
          )}
        </p>
        <div className="flex gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? "Launching…" : "Launch"}
          </Button>
        </div>
      </div>
    </form>
  );
}
