"use client";
// Server-rendered pages that change by themselves (a group replacing members):
// refresh fast while something moves, slowly otherwise, not while hidden.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function useAutoRefresh(moving: boolean) {
  const router = useRouter();
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, moving ? 1500 : 10_000);
    return () => clearInterval(t);
  }, [moving, router]);
}
