"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export type NavItem = { href: string; label: string; exact?: boolean };
export type NavGroup = { heading: string; items: NavItem[] };

export function isCurrent(item: NavItem, pathname: string): boolean {
  return item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
}

/**
 * One titled group of navigation links, under a real heading so screen-reader users can jump between
 * groups. The list is deliberately not labelled by it: a list named "Member" would also answer to a
 * form's "Member" label. `headingHidden` keeps the heading for assistive technology only (the
 * sidebar's first group).
 */
export function NavLinks({ group, headingHidden = false, onNavigate }: { group: NavGroup; headingHidden?: boolean; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <div>
      <h2 className={headingHidden ? "sr-only" : "px-3 pb-1 pt-4 text-xs font-semibold uppercase tracking-wide text-slate-500"}>
        {group.heading}
      </h2>
      <ul className="space-y-0.5">
        {group.items.map((item) => {
          const active = isCurrent(item, pathname);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                onClick={onNavigate}
                className="nav-link"
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
