"use client";
// Submit a server action from a form and refresh the server-rendered page.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionError, ActionResult } from "@/lib/actions/result";

export function useFormAction() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  function submit<T>(fn: () => Promise<ActionResult<T>>, success: (d: T) => string, onOk?: (d: T) => void) {
    setError(null);
    setNotice(null);
    start(async () => {
      const res = await fn();
      if (!res.ok) return setError(res.error);
      setNotice(success(res.data));
      onOk?.(res.data);
      router.refresh();
    });
  }
  const fieldError = (f: string) => (error?.field === f ? error.message : null);
  /** A stale error goes as soon as what it was about changes. */
  const clearError = () => setError(null);
  return { submit, pending, error, notice, fieldError, clearError };
}
