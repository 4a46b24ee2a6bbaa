"use client";
// Revoking a security-group rule, inbound or outbound, asks first: which rule,
// from which group, and what its members lose.
import type { ActionResult } from "@/lib/actions/result";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog, LossList } from "@/components/ui/confirm-dialog";
import { useConfirm } from "@/components/ui/use-confirm";

interface Props<R> {
  direction: "inbound" | "outbound";
  group: { name: string; instanceIds: string[] };
  /** The rule as ec2-authorize writes it. */
  line: (rule: R) => string;
  revoke: (rule: R) => Promise<ActionResult<unknown>>;
  /** Whether this is the group's last rule of its direction (outbound: members then send nothing). */
  last: boolean;
}

/** The dialog and its notice; `ask(rule)` opens it. */
export function useRevokeRule<R>({ direction, group, line, revoke, last }: Props<R>) {
  const c = useConfirm<R>();
  const n = group.instanceIds.length;
  const loses = direction === "inbound" ? `${n === 1 ? "stops" : "stop"} accepting this traffic at once, unless another rule allows it` : "can no longer send this traffic, unless another outbound rule allows it";
  const view = (
    <>
      {c.notice ? <Alert tone="success">{c.notice}</Alert> : null}
      <ConfirmDialog
        open={c.open}
        title={`Revoke ${direction} rule`}
        confirmLabel="Revoke rule"
        pending={c.pending}
        error={c.error}
        onClose={c.close}
        onConfirm={() => c.run(revoke, (_, r) => `Revoked ${line(r)}.`)}
      >
        <p>
          Revoke <span className="font-mono text-xs break-all">{c.target !== null ? line(c.target) : null}</span> from <strong>{group.name}</strong>?
        </p>
        <LossList
          items={[
            n ? `${n} instance${n === 1 ? "" : "s"} in this group ${loses}.` : "No instance is in this group yet.",
            last && direction === "outbound" ? "It is the group's last outbound rule: members will send nothing out." : "Adding the same rule again later restores it.",
          ]}
        />
      </ConfirmDialog>
    </>
  );
  return { ask: c.ask, view };
}
