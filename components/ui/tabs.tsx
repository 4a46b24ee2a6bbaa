"use client";
// Tabs with the WAI-ARIA pattern (arrow keys move between tabs); the
// selected tab is kept in the URL (?tab=…) so it can be linked to.
import { useSearchParams } from "next/navigation";
import { useRef, type ReactNode, type KeyboardEvent } from "react";

export interface TabDef {
  id: string;
  label: string;
  render: () => ReactNode;
}

export function Tabs({ tabs, label }: { tabs: TabDef[]; label: string }) {
  const params = useSearchParams();
  const current = tabs.find((t) => t.id === params.get("tab"))?.id ?? tabs[0].id;
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const select = (id: string) => {
    const p = new URLSearchParams(params.toString());
    if (id === tabs[0].id) p.delete("tab");
    else p.set("tab", id);
    const qs = p.toString();
    window.history.replaceState(null, "", qs ? `?${qs}` : window.location.pathname);
  };
  const onKey = (e: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === current);
    const next = e.key === "ArrowRight" ? (i + 1) % tabs.length : e.key === "ArrowLeft" ? (i - 1 + tabs.length) % tabs.length : -1;
    if (next < 0) return;
    e.preventDefault();
    select(tabs[next].id);
    refs.current[tabs[next].id]?.focus();
  };
  return (
    <div>
      <div role="tablist" aria-label={label} className="flex gap-1 border-b border-zinc-200" onKeyDown={onKey}>
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            role="tab"
            type="button"
            id={`tab-${t.id}`}
            aria-selected={t.id === current}
            aria-controls={`panel-${t.id}`}
            tabIndex={t.id === current ? 0 : -1}
            onClick={() => select(t.id)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${t.id === current ? "border-sky-700 font-medium text-sky-900" : "border-transparent text-zinc-600 hover:text-zinc-900"}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${current}`} aria-labelledby={`tab-${current}`} className="pt-4">
        {tabs.find((t) => t.id === current)!.render()}
      </div>
    </div>
  );
}
