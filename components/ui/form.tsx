"use client";
// Forms over the verbs' zod schemas with react-hook-form. The schema checks
// the input before it leaves the browser; the server's answer comes back
// through the same paths: a field error lands on its field, anything else
// above the form. Every error clears as soon as what it is about changes.
import { useEffect, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { useRouter } from "next/navigation";
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver, type UseFormReturn } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";
import type { ActionResult } from "@/lib/actions/result";
import { Field, Input, Select, Textarea } from "./field";

// Schemas whose input is an object of form values (strings, arrays, booleans).
type FormSchema = z.ZodType<unknown, FieldValues>;

export interface VerbForm<S extends FormSchema> {
  form: UseFormReturn<z.input<S>, unknown, z.output<S>>;
  /** A refusal not about one field, or a field the form doesn't show. */
  formError: string | null;
  notice: string | null;
  pending: boolean;
  /** onSubmit handler: validate, call the action, route its answer. */
  submit<T>(action: (values: z.output<S>) => Promise<ActionResult<T>>, success: (data: T) => string | null, onOk?: (data: T) => void): (e?: React.BaseSyntheticEvent) => Promise<void>;
}

export function useVerbForm<S extends FormSchema>(schema: S, defaultValues: DefaultValues<z.input<S>>, opts: { refresh?: boolean } = {}): VerbForm<S> {
  const router = useRouter();
  const resolver = zodResolver(schema as never) as unknown as Resolver<z.input<S>, unknown, z.output<S>>;
  const form = useForm<z.input<S>, unknown, z.output<S>>({ resolver, defaultValues, mode: "onSubmit", reValidateMode: "onChange" });
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // A change to any field retires the form-level messages (field messages retire with their field);
  // a reset after success (no field named) keeps the success notice.
  useEffect(() => {
    const sub = form.watch((_, info) => {
      if (!info.name) return;
      setFormError(null);
      setNotice(null);
    });
    return () => sub.unsubscribe();
  }, [form]);

  function submit<T>(action: (values: z.output<S>) => Promise<ActionResult<T>>, success: (data: T) => string | null, onOk?: (data: T) => void) {
    return form.handleSubmit(async (values) => {
      setFormError(null);
      setNotice(null);
      const res = await action(values);
      if (!res.ok) {
        const field = res.error.field && shown(form, res.error.field);
        if (field) form.setError(field as Path<z.input<S>>, { type: "server", message: res.error.message }, { shouldFocus: true });
        else setFormError(res.error.message);
        return;
      }
      setNotice(success(res.data));
      onOk?.(res.data);
      if (opts.refresh !== false) router.refresh();
    });
  }
  return { form, formError, notice, pending: form.formState.isSubmitting, submit };
}

/** The registered field an error path belongs to ("tags.0.key" → itself, or its nearest registered parent). */
function shown(form: { getValues(): unknown }, path: string): string | null {
  const values = form.getValues() as Record<string, unknown>;
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const p = parts.slice(0, n).join(".");
    if (getPath(values, parts.slice(0, n)) !== undefined) return p;
  }
  return null;
}

function getPath(obj: unknown, parts: string[]): unknown {
  let cur = obj;
  for (const p of parts) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** The error message of a field, from the schema or the server. */
export function errorOf<T extends FieldValues>(form: AnyForm<T>, name: string): string | null {
  // A list's own error (a duplicate tag key) sits under "root".
  const e = getPath(form.formState.errors, name.split(".")) as { message?: string; root?: { message?: string } } | undefined;
  return e?.message ?? e?.root?.message ?? null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any parsed output: fields only read the form values' side
type AnyForm<T extends FieldValues> = UseFormReturn<T, any, any>;

interface BaseProps<T extends FieldValues> {
  form: AnyForm<T>;
  name: Path<T>;
  label: string;
  id?: string;
  hint?: ReactNode;
}

export function TextField<T extends FieldValues>({ form, name, label, id = `f-${name}`, hint, ...rest }: BaseProps<T> & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id" | "form">) {
  const error = errorOf(form, name);
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <Input id={id} error={error} hint={Boolean(hint)} {...rest} {...form.register(name)} />
    </Field>
  );
}

export function SelectField<T extends FieldValues>({ form, name, label, id = `f-${name}`, hint, children, ...rest }: BaseProps<T> & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "id" | "form">) {
  const error = errorOf(form, name);
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <Select id={id} error={error} hint={Boolean(hint)} {...rest} {...form.register(name)}>
        {children}
      </Select>
    </Field>
  );
}

export function TextareaField<T extends FieldValues>({ form, name, label, id = `f-${name}`, hint, ...rest }: BaseProps<T> & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id" | "form">) {
  const error = errorOf(form, name);
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <Textarea id={id} error={error} hint={Boolean(hint)} {...rest} {...form.register(name)} />
    </Field>
  );
}
