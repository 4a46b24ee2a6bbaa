"use client";
// Runs an instance server action, then refreshes every instance query.
import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { instanceKeys } from "@/lib/queries/instances";
import type { ActionResult } from "@/lib/actions/result";

export function useInstanceAction() {
  const qc = useQueryClient();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  function run<T>(fn: () => Promise<ActionResult<T>>, success: (data: T) => string, onDone?: () => void) {
    start(async () => {
      const res = await fn();
      if (res.ok) setMessage({ tone: "success", text: success(res.data) });
      else setMessage({ tone: "error", text: res.error.message });
      await qc.invalidateQueries({ queryKey: instanceKeys.all });
      onDone?.();
    });
  }
  return { run, pending, message, clear: () => setMessage(null) };
}
