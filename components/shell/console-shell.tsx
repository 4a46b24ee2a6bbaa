"use client";
// The console frame: a header, the navigation (a sidebar from 1024 px, a
// drawer behind "Menu" below), and the page. The drawer closes on navigation,
// Escape or a click outside, and gives focus back to the Menu button.
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { Role } from "@/lib/auth/roles";
import { Nav } from "./nav";

interface Props {
  role: Role;
  /** Brand, clock and account controls, left to right. */
  brand: ReactNode;
  clock: ReactNode;
  /** Account controls: in the header from 768 px, at the top of the drawer below (two copies: ids differ). */
  accountHeader: ReactNode;
  accountDrawer: ReactNode;
  children: ReactNode;
}

export function ConsoleShell({ role, brand, clock, accountHeader, accountDrawer, children }: Props) {
  const [open, setOpen] = useState(false);
  const path = usePathname();
  const menu = useRef<HTMLButtonElement>(null);
  const drawer = useRef<HTMLDivElement>(null);

  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    drawer.current?.querySelector<HTMLElement>("a, button, select")?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      menu.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only rounded bg-white px-3 py-2 text-sm font-medium text-sky-800 ring-2 ring-sky-600 focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50">
        Skip to main content
      </a>
      <header className="no-print flex items-center gap-2 border-b border-zinc-800 bg-zinc-900 px-3 py-2 text-zinc-100 sm:gap-3 sm:px-4">
        <button
          ref={menu}
          type="button"
          aria-expanded={open}
          aria-controls="console-drawer"
          onClick={() => setOpen(!open)}
          className="rounded px-2 py-1 text-sm ring-1 ring-zinc-700 hover:bg-zinc-800 lg:hidden"
        >
          <span aria-hidden>☰</span>
          <span className="sr-only sm:not-sr-only sm:ml-1">Menu</span>
        </button>
        {brand}
        <div className="ml-auto flex min-w-0 items-center gap-3 text-sm">
          {clock}
          <div className="hidden items-center gap-3 md:flex">{accountHeader}</div>
        </div>
      </header>
      <div className="flex">
        {/* Sidebar from lg; below, the same navigation in a drawer over the page. */}
        <div className="no-print hidden w-52 shrink-0 border-r border-zinc-200 bg-white lg:block">
          <Nav role={role} />
        </div>
        {open ? (
          <div className="no-print fixed inset-0 z-40 lg:hidden">
            <button type="button" aria-label="Close the menu" tabIndex={-1} className="absolute inset-0 h-full w-full cursor-default bg-zinc-900/40" onClick={() => setOpen(false)} />
            <div ref={drawer} id="console-drawer" role="dialog" aria-label="Console menu" className="absolute inset-y-0 left-0 w-72 max-w-[85vw] overflow-y-auto bg-white shadow-xl">
              <div className="flex flex-col gap-2 border-b border-zinc-200 bg-zinc-900 px-3 py-3 text-sm text-zinc-100 md:hidden">{accountDrawer}</div>
              <Nav role={role} />
            </div>
          </div>
        ) : (
          <div id="console-drawer" hidden />
        )}
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 outline-none px-4 py-4 sm:px-6 sm:py-5">{children}</main>
      </div>
    </div>
  );
}
