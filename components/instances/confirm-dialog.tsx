"use client";
import { ConfirmDialog as Confirm } from "@/components/ui/confirm-dialog";

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
    <Confirm open={open} title={title} confirmLabel={`${verb} ${ids.length === 1 ? "instance" : `${ids.length} instances`}`} danger={danger} pending={pending} onConfirm={onConfirm} onClose={onClose}>
      <p>
        {verb} {ids.length === 1 ? "this instance" : `these ${ids.length} instances`}:
      </p>
      <ul className="max-h-40 overflow-y-auto rounded bg-zinc-50 p-2 font-mono text-xs">
        {ids.map((id) => (
          <li key={id}>{id}</li>
        ))}
      </ul>
      {warning ? <p className="text-amber-800">{warning}</p> : null}
    </Confirm>
  );
}
