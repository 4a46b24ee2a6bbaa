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

// Where focus starts: a control marked data-autofocus (a confirmation's Cancel), else the first field one can type in.
const FIRST = "[data-autofocus]";
const FIELDS = "input:not([disabled]):not([readonly]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]):not([readonly])";

export function Dialog({ open, onClose, title, children, wide, onDismiss }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const dismiss = onDismiss ?? onClose;
  // The open the parent last asked for: a close it didn't ask for is the browser's.
  const wanted = useRef(open);
  // What had focus before it opened: given back on close, or, if the dialog's act removed it (a revoked rule's row), the page's content.
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    wanted.current = open;
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement;
      d.showModal();
      // showModal focuses the first focusable element, which is ✕.
      (body.current?.querySelector<HTMLElement>(FIRST) ?? body.current?.querySelector<HTMLElement>(FIELDS))?.focus();
    }
    if (!open && d.open) {
      d.close();
      const back = opener.current;
      setTimeout(() => returnFocus(back), 0);
    }
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby="dialog-title"
      onClose={() => {
        // Chromium cancels only one close request per user activation: Escape
        // pressed twice closes the dialog whatever onCancel did. One that warns
        // opens again and warns; the parent's own close (open false) goes through.
        if (wanted.current && onDismiss) {
          ref.current?.showModal();
          onDismiss();
        } else onClose();
      }}
      onKeyDown={(e) => {
        // Escape handled here never becomes a close request, so it can't be the uncancellable second one.
        // (Not one a field inside already handled, such as a list it closed.)
        if (e.key !== "Escape" || e.defaultPrevented || e.nativeEvent.isComposing) return;
        e.preventDefault();
        dismiss();
      }}
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

/**
 * Focus back to what opened the dialog. The act may remove or disable that a
 * moment later (the refresh after a revoke drops its row; a terminated
 * instance's Terminate is disabled): then the nearest part of the page still
 * there that held it (its table, section or form), else the page's content,
 * takes focus without scrolling, rather than nothing, unless the user has
 * moved on meanwhile.
 */
function returnFocus(back: Element | null): void {
  const usable = (e: Element | null): e is HTMLElement => e instanceof HTMLElement && e.isConnected && !(e as HTMLButtonElement).disabled;
  const around = back?.closest("table, section, form, [role=region]") ?? null;
  const lost = () => !usable(back) && (document.activeElement === document.body || document.activeElement === null);
  const settle = () => {
    const to = usable(around) ? around : document.getElementById("main");
    if (!to) return;
    if (!to.hasAttribute("tabindex")) to.setAttribute("tabindex", "-1");
    to.focus({ preventScroll: true });
  };
  if (usable(back)) back.focus();
  if (lost()) return settle();
  const watch = new MutationObserver(() => {
    if (!lost()) return;
    watch.disconnect();
    settle();
  });
  watch.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["disabled"] });
  setTimeout(() => watch.disconnect(), 10_000);
}
