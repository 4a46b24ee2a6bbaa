"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Role } from "@/lib/auth/roles";
import { allows, type Permission } from "@/lib/auth/roles";

interface Item {
  href: string;
  label: string;
  permission?: Permission;
}

const SECTIONS: { title: string; items: Item[] }[] = [
  { title: "Stratus", items: [{ href: "/", label: "Overview" }, { href: "/lab", label: "Failover lab" }] },
  {
    title: "Compute",
    items: [
      { href: "/instances", label: "Instances" },
      { href: "/images", label: "Images" },
      { href: "/instance-types", label: "Instance types" },
      { href: "/instance-groups", label: "Instance groups" },
      { href: "/launch-templates", label: "Launch templates" },
    ],
  },
  {
    title: "Network & security",
    items: [
      { href: "/security-groups", label: "Security groups" },
      { href: "/key-pairs", label: "Key pairs" },
      { href: "/addresses", label: "Elastic IPs" },
      { href: "/dns", label: "DNS" },
    ],
  },
  {
    title: "Billing",
    items: [
      { href: "/costs", label: "Costs" },
      { href: "/price-book", label: "Price book" },
    ],
  },
  {
    title: "Team",
    items: [
      { href: "/members", label: "Members" },
      { href: "/audit", label: "Audit log" },
      { href: "/settings", label: "Settings" },
      { href: "/account", label: "Your account" },
    ],
  },
];

export function Nav({ role }: { role: Role }) {
  const path = usePathname();
  return (
    <nav aria-label="Console" className="px-3 py-4 lg:min-h-[calc(100vh-45px)]">
      {SECTIONS.map((s) => (
        <div key={s.title} className="mb-5">
          <p className="px-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">{s.title}</p>
          <ul className="mt-1 space-y-0.5">
            {s.items
              .filter((i) => !i.permission || allows(role, i.permission))
              .map((i) => {
                const active = i.href === "/" ? path === "/" : path === i.href || path.startsWith(i.href + "/");
                return (
                  <li key={i.href}>
                    <Link
                      href={i.href}
                      aria-current={active ? "page" : undefined}
                      className={`block rounded px-2 py-1.5 text-sm ${active ? "bg-sky-50 font-medium text-sky-900" : "text-zinc-700 hover:bg-zinc-100"}`}
                    >
                      {i.label}
                    </Link>
                  </li>
                );
              })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
