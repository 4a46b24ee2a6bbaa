"use client";
// "Delete key pair amazon?" — before anything destructive happens, say what
// will be lost, and make the confirming button name the act and the thing.
import type { ReactNode } from "react";
import { Dialog } from "./dialog";
import { Button } from "./button";
import { Alert } from "./alert";

interface Props {
  open: boolean;
  title: string;
  /** The confirming button: "Delete key pair amazon". */
  confirmLabel: string;
  /** What happens and what is lost, in a sentence or a list. */
  children: ReactNode;
  danger?: boolean;
  pending?: boolean;
  /** A refusal from the server, shown in the dialog so nothing is lost by closing it. */
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

export function ConfirmDialog({ open, title, confirmLabel, children, danger = true, pending, error, onConfirm, onClose }: Props) {
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      <div className="space-y-3 text-sm text-zinc-700">{children}</div>
      {error ? (
        <div className="mt-3">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
      <div className="mt-5 flex flex-wrap justify-end gap-2">
        <Button onClick={onClose} data-autofocus>
          Cancel
        </Button>
        <Button variant={danger ? "danger" : "primary"} onClick={onConfirm} disabled={pending}>
          {pending ? "Working…" : confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}

/** The list of what goes with the action, in the dialog. */
export function LossList({ items }: { items: ReactNode[] }) {
  return (
    <ul className="list-disc space-y-1 pl-5">
      {items.map((x, i) => (
        <li key={i}>{x}</li>
      ))}
    </ul>
  );
}
