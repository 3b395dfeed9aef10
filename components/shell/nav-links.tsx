"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useId } from "react";

export type NavItem = { href: string; label: string; exact?: boolean };
export type NavGroup = { heading: string; items: NavItem[] };

export function isCurrent(item: NavItem, pathname: string): boolean {
  return item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
}

/**
 * One titled group of navigation links. The list is labelled by its heading, so a screen reader
 * announces "Admin, list" before the admin "Invoices" and the two invoice links stay apart.
 * `headingHidden` keeps the heading for assistive technology only (the sidebar's first group).
 */
export function NavLinks({ group, headingHidden = false, onNavigate }: { group: NavGroup; headingHidden?: boolean; onNavigate?: () => void }) {
  const pathname = usePathname();
  const headingId = useId();
  return (
    <div>
      <h2 id={headingId} className={headingHidden ? "sr-only" : "px-3 pb-1 pt-4 text-xs font-semibold uppercase tracking-wide text-slate-500"}>
        {group.heading}
      </h2>
      <ul aria-labelledby={headingId} className="space-y-0.5">
        {group.items.map((item) => {
          const active = isCurrent(item, pathname);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                onClick={onNavigate}
                className={`block rounded-md px-3 py-2 text-sm font-medium ${active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
