"use client";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";

interface Props {
  open: boolean;
  title: string;
  verb: string;
  ids: string[];
  danger?: boolean;
  warning?: string;
  pending?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** "Terminate 3 instances?" — lists what will be affected before anything happens. */
export function ConfirmDialog({ open, title, verb, ids, danger, warning, pending, onConfirm, onClose }: Props) {
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      <p className="text-sm text-zinc-700">
        {verb} {ids.length === 1 ? "this instance" : `these ${ids.length} instances`}:
      </p>
      <ul className="mt-2 max-h-40 overflow-y-auto rounded bg-zinc-50 p-2 font-mono text-xs">
        {ids.map((id) => (
          <li key={id}>{id}</li>
        ))}
      </ul>
      {warning ? <p className="mt-3 text-sm text-amber-800">{warning}</p> : null}
      <div className="mt-5 flex justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button variant={danger ? "danger" : "primary"} onClick={onConfirm} disabled={pending}>
          {pending ? "Working…" : `${verb} ${ids.length === 1 ? "instance" : `${ids.length} instances`}`}
        </Button>
      </div>
    </Dialog>
  );
}
