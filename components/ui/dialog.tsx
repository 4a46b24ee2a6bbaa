"use client";
// A modal on the native <dialog>: focus moves in (to the first field, if the
// dialog has one) and is trapped; Escape and ✕ dismiss it. A dialog holding
// something that would be lost passes onDismiss to warn instead of closing.
import { useEffect, useRef, type ReactNode } from "react";

interface Props {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  wide?: boolean;
  /** Escape and ✕; onClose when not given. */
  onDismiss?: () => void;
}

const FIELDS = "input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled])";

export function Dialog({ open, onClose, title, children, wide, onDismiss }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const dismiss = onDismiss ?? onClose;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      // showModal focuses the first focusable element, which is ✕: a form starts at its first field.
      body.current?.querySelector<HTMLElement>(FIELDS)?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby="dialog-title"
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        dismiss();
      }}
      className={`m-auto w-full rounded-lg bg-white p-0 shadow-xl ${wide ? "max-w-3xl" : "max-w-lg"}`}
    >
      {open ? (
        <div className="flex max-h-[90vh] flex-col">
          <div className="flex items-center justify-between border-b border-zinc-200 px-5 py-3">
            <h2 id="dialog-title" className="text-base font-semibold">
              {title}
            </h2>
            <button type="button" onClick={dismiss} className="rounded p-1 text-zinc-500 hover:bg-zinc-100" aria-label="Close">
              ✕
            </button>
          </div>
          <div ref={body} className="overflow-y-auto px-5 py-4">
            {children}
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
