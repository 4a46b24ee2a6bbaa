import type { ReactNode } from "react";

export function Badge({ children, tone = "bg-zinc-100 text-zinc-700 ring-zinc-300" }: { children: ReactNode; tone?: string }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone}`}>{children}</span>;
}
