import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

const control =
  "block w-full rounded-md border-0 bg-white px-2.5 py-1.5 text-sm text-zinc-900 shadow-xs ring-1 ring-inset ring-zinc-300 placeholder:text-zinc-400 focus:ring-2 focus:ring-sky-600 aria-[invalid=true]:ring-red-500 disabled:bg-zinc-100";

interface FieldProps {
  id: string;
  label: string;
  error?: string | null;
  hint?: ReactNode;
  children: ReactNode;
}

/** A label, its control, a hint and a field-level error wired with aria-describedby. */
export function Field({ id, label, error, hint, children }: FieldProps) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      {children}
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const describedBy = (id: string, error?: string | null, hint?: boolean) => (error ? `${id}-error` : hint ? `${id}-hint` : undefined);

export function Input({ id, error, hint, className = "", ...rest }: InputHTMLAttributes<HTMLInputElement> & { id: string; error?: string | null; hint?: boolean }) {
  return <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} className={`${control} ${className}`} {...rest} />;
}

export function Select({ id, error, hint, className = "", ...rest }: SelectHTMLAttributes<HTMLSelectElement> & { id: string; error?: string | null; hint?: boolean }) {
  return <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} className={`${control} ${className}`} {...rest} />;
}

export function Textarea({ id, error, hint, className = "", ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string; error?: string | null; hint?: boolean }) {
  return <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} className={`${control} font-mono ${className}`} {...rest} />;
}
