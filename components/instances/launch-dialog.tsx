"use client";
// The launch form: image, type, count, key pair, groups, user data (16 KB,
// counted live), zone, tags, and what it will cost per hour and per 30 days.
// The launch verb's schema checks it as you go; image/type pairs the verb
// would refuse are disabled, with the reason, before anything is sent.
import { useEffect, useMemo, useState } from "react";
import { useFieldArray, useWatch } from "react-hook-form";
import { useQueryClient } from "@tanstack/react-query";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field, Input } from "@/components/ui/field";
import { SelectField, TextField, TextareaField, errorOf, useVerbForm } from "@/components/ui/form";
import { launchAction } from "@/lib/actions/instances";
import { instanceKeys } from "@/lib/queries/instances";
import { formatMoney, parseDollars } from "@/lib/money";
import { launchFormSchema, MAX_USER_DATA_BYTES, type LaunchFormValues } from "@/lib/control-plane/instances/schemas";
import { archMismatch } from "@/lib/control-plane/instances/compat";
import type { LaunchOptions } from "@/lib/control-plane/instances/launch-options";

interface Props {
  open: boolean;
  onClose: () => void;
  onLaunched: (message: string) => void;
  options: LaunchOptions;
  /** Launching from an image's row: that image, chosen. */
  imageId?: string;
}

export function LaunchDialog({ open, onClose, onLaunched, options, imageId }: Props) {
  return (
    <Dialog open={open} onClose={onClose} title="Launch instances" wide>
      {open ? <LaunchForm options={options} onClose={onClose} onLaunched={onLaunched} imageId={imageId} /> : null}
    </Dialog>
  );
}

/** The first type an image runs on. */
const typeFor = (options: LaunchOptions, arch: string | undefined) => options.types.find((t) => t.architecture === arch)?.name ?? options.types[0]?.name ?? "";

function LaunchForm({ options, onClose, onLaunched, imageId }: { options: LaunchOptions; onClose: () => void; onLaunched: (message: string) => void; imageId?: string }) {
  const qc = useQueryClient();
  const firstImage = options.images.find((i) => i.id === imageId) ?? options.images.find((i) => !i.unavailable) ?? options.images[0];
  const { form, formError, pending, submit } = useVerbForm(
    launchFormSchema,
    {
      imageId: firstImage?.id ?? "",
      instanceType: typeFor(options, firstImage?.architecture),
      minCount: "1",
      maxCount: "",
      keyName: "",
      securityGroups: options.groups.some((g) => g.name === "default") ? ["default"] : [],
      userData: "",
      availabilityZone: "",
      name: "",
      tags: [],
      // One token per form: a retried or double-clicked launch returns the same reservation.
      clientToken: useState(() => crypto.randomUUID())[0],
    } satisfies LaunchFormValues,
    { refresh: false },
  );
  const tags = useFieldArray({ control: form.control, name: "tags" });
  const [imageIdNow, typeNow, count, maxCount, userData] = useWatch({ control: form.control, name: ["imageId", "instanceType", "minCount", "maxCount", "userData"] });
  const image = options.images.find((i) => i.id === imageIdNow);
  const type = options.types.find((t) => t.name === typeNow);
  const [switched, setSwitched] = useState<string | null>(null);

  // A type the chosen image can't run on is swapped for one it can, saying so.
  useEffect(() => {
    if (!image || !type || !archMismatch(type, image)) return;
    const next = typeFor(options, image.architecture);
    form.setValue("instanceType", next, { shouldValidate: form.formState.isSubmitted });
    setSwitched(`${type.name} runs ${type.architecture === "i386" ? "32" : "64"}-bit images only, so the type is now ${next}.`);
  }, [image, type, options, form]);

  const bytes = useMemo(() => new TextEncoder().encode(userData ?? "").length, [userData]);
  // Read as the schema reads them (z.coerce.number: "1e1" is 10), so the estimate is for what Launch would launch.
  const min = wholeCount(count);
  const max = maxCount ? wholeCount(maxCount) : min;
  const n = min !== null && max !== null && max >= min ? max : 0;
  const upTo = n > 0 && max !== min;
  const hourly = type?.hourlyUsd ? parseDollars(type.hourlyUsd) : null;

  const onSubmit = submit(
    (input) => launchAction(input),
    (d) => {
      const k = d.instances.length;
      return `Launched ${k} instance${k === 1 ? "" : "s"} in reservation ${d.reservationId}: ${d.instances.map((i) => i.id).join(", ")}`;
    },
    async (d) => {
      await qc.invalidateQueries({ queryKey: instanceKeys.all });
      const k = d.instances.length;
      onLaunched(`Launched ${k} instance${k === 1 ? "" : "s"} in reservation ${d.reservationId}: ${d.instances.map((i) => i.id).join(", ")}`);
      onClose();
    },
  );

  const groupsError = errorOf(form, "securityGroups");
  const tagsError = errorOf(form, "tags");
  const nameError = errorOf(form, `tags.${tags.fields.length}.value`);

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {formError ? (
        <Alert tone="error" title="The launch was refused">
          {formError}
        </Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          form={form}
          name="imageId"
          id="launch-image"
          label="Image"
          hint={image ? `${image.architecture} · ${image.rootDeviceType} · owner ${image.ownerAlias}${image.provider === "qemu" ? " · a real VM on this host" : ""}` : undefined}
        >
          {options.images.map((i) => (
            <option key={i.id} value={i.id} disabled={Boolean(i.unavailable)}>
              {i.name} ({i.id}){i.unavailable ? ` — unavailable here: ${i.unavailable.reason}` : ""}
            </option>
          ))}
        </SelectField>
        <SelectField
          form={form}
          name="instanceType"
          id="launch-type"
          label="Instance type"
          hint={
            <>
              {type ? `${type.memoryGb} GB · ${type.ecu} ECU (${type.vcpus} × ${type.ecuPerCore}) · ${type.architecture === "i386" ? "32-bit" : "64-bit"}` : null}
              {switched ? <span className="block text-amber-800">{switched}</span> : null}
              {image && options.types.some((t) => archMismatch(t, image)) ? (
                <span className="block">Types that can&apos;t run {image.architecture === "i386" ? "this 32-bit" : "this 64-bit"} image are disabled.</span>
              ) : null}
            </>
          }
        >
          {options.types.map((t) => {
            const why = image ? archMismatch(t, image) : null;
            return (
              <option key={t.name} value={t.name} disabled={Boolean(why)} title={why ?? undefined}>
                {t.name} — {t.hourlyUsd ? `${formatMoney(t.hourlyUsd, { rate: true })}/hour` : "no price"}
                {why ? ` — ${t.architecture === "i386" ? "32-bit" : "64-bit"} only` : ""}
              </option>
            );
          })}
        </SelectField>
        <TextField form={form} name="minCount" id="launch-count" label="Number of instances" type="number" min={1} inputMode="numeric" hint="Launch exactly this many, or give a maximum to launch as many as your limit allows." />
        <TextField form={form} name="maxCount" id="launch-max" label="Maximum count (optional)" type="number" min={1} inputMode="numeric" />
        <SelectField form={form} name="keyName" id="launch-key" label="Key pair" hint={options.keyPairs.length === 0 ? "Your team has no key pairs yet; you can launch without one." : undefined}>
          <option value="">No key pair</option>
          {options.keyPairs.map((k) => (
            <option key={k.name} value={k.name}>
              {k.name}
            </option>
          ))}
        </SelectField>
        <SelectField form={form} name="availabilityZone" id="launch-zone" label="Availability zone">
          <option value="">No preference</option>
          {options.zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </SelectField>
      </div>

      <fieldset>
        <legend className="text-sm font-medium text-zinc-800">Security groups</legend>
        <p className="text-xs text-zinc-500">The instances join these groups; with none, the default group.</p>
        <div className="mt-1 flex flex-wrap gap-3">
          {options.groups.map((g) => (
            <label key={g.id} className="inline-flex items-center gap-1.5 text-sm">
              <input type="checkbox" value={g.name} {...form.register("securityGroups")} />
              {g.name}
            </label>
          ))}
        </div>
        {groupsError ? (
          <p role="alert" className="text-xs font-medium text-red-700">
            {groupsError}
          </p>
        ) : null}
      </fieldset>

      <TextareaField
        form={form}
        name="userData"
        id="launch-user-data"
        label="User data"
        rows={4}
        placeholder={"#!/bin/sh\necho hello from user data"}
        hint={
          <span className={bytes > MAX_USER_DATA_BYTES ? "font-medium text-red-700" : ""} aria-live="polite">
            {bytes.toLocaleString("en-US")} of 16,384 bytes{bytes > MAX_USER_DATA_BYTES ? " — too large" : ""}
          </span>
        }
      />

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-zinc-800">Tags</legend>
        <Field id="launch-name" label="Name" error={nameError}>
          <Input id="launch-name" placeholder="web-1" error={nameError} {...form.register("name")} />
        </Field>
        {tags.fields.map((t, i) => (
          <div key={t.id} className="flex flex-wrap items-end gap-2">
            <TextField form={form} name={`tags.${i}.key`} id={`tag-key-${i}`} label="Tag key" />
            <TextField form={form} name={`tags.${i}.value`} id={`tag-value-${i}`} label="Tag value" />
            <Button size="sm" variant="ghost" onClick={() => tags.remove(i)} aria-label={`Remove tag ${i + 1}`}>
              Remove
            </Button>
          </div>
        ))}
        <Button size="sm" onClick={() => tags.append({ key: "", value: "" })}>
          Add tag
        </Button>
        {tagsError ? (
          <p role="alert" className="text-xs font-medium text-red-700">
            {tagsError}
          </p>
        ) : null}
      </fieldset>

      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-200 pt-4">
        <p className="text-sm text-zinc-700" aria-live="polite" data-testid="launch-estimate">
          {hourly === null ? (
            "No price for this type."
          ) : n > 0 ? (
            <>
              Estimated: <strong>{upTo ? "up to " : ""}{formatMoney(hourly * BigInt(n))} per hour</strong> · {formatMoney(hourly * BigInt(n) * 720n)} for 30 days ({upTo ? `${min}–${n}` : n} × {typeNow})
            </>
          ) : (
            <>
              {formatMoney(hourly, { rate: true })} per hour for each {typeNow}: enter how many (a whole number) to see the total.
            </>
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

/** A count as the launch schema coerces it (z.coerce.number), or null unless a whole number from 1. */
function wholeCount(text: string | undefined): number | null {
  if (!text?.trim()) return null;
  const v = Number(text);
  return Number.isInteger(v) && v >= 1 ? v : null;
}
