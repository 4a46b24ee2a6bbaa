"use client";
// A destructive act waits for confirmation: ask(target) opens the dialog,
// run(action) performs it; a refusal stays in the dialog, success closes it,
// says what happened and refreshes the server-rendered page.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/result";

export function useConfirm<T>() {
  const router = useRouter();
  const [target, setTarget] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, start] = useTransition();
  function run<R>(action: (t: T) => Promise<ActionResult<R>>, success: (data: R, t: T) => string, after?: (data: R, t: T) => void) {
    const t = target;
    if (t === null) return;
    start(async () => {
      const res = await action(t);
      if (!res.ok) return setError(res.error.message);
      setTarget(null);
      setNotice(success(res.data, t));
      after?.(res.data, t);
      router.refresh();
    });
  }
  return {
    target,
    open: target !== null,
    error,
    notice,
    pending,
    ask(t: T) {
      setError(null);
      setNotice(null);
      setTarget(t);
    },
    close: () => setTarget(null),
    run,
  };
}
