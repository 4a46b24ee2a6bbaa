"use client";
// Page state that lives in the URL (filters, period, drill-down): a change
// is a new history entry, so Back undoes it and Reload keeps it. Next.js
// keeps useSearchParams in step with pushState, with no server round trip.
import { useSearchParams } from "next/navigation";
import { useCallback } from "react";

export function useUrlState() {
  const params = useSearchParams();
  const set = useCallback(
    (next: Record<string, string | null | undefined>, opts: { replace?: boolean } = {}) => {
      const p = new URLSearchParams(window.location.search);
      for (const [k, v] of Object.entries(next)) {
        if (v === null || v === undefined || v === "") p.delete(k);
        else p.set(k, v);
      }
      const qs = p.toString();
      const url = qs ? `?${qs}` : window.location.pathname;
      if (url === (window.location.search || window.location.pathname)) return;
      if (opts.replace) window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
    },
    [],
  );
  return { params, set };
}
