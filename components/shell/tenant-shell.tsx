import Link from "next/link";
import type { ReactNode } from "react";
import type { Role } from "@/lib/domain-types";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { AccountMenu } from "./account-menu";
import { MobileNav } from "./mobile-nav";
import { navFor } from "./nav-for";
import { NavLinks } from "./nav-links";
import { SkipLink } from "./skip-link";

/** The frame of every tenant page: sidebar on wide screens, a menu button in the header below lg. */
export function TenantShell({ tenant, role, email, children }: { tenant: { slug: string; name: string }; role: Role; email: string; children: ReactNode }) {
  const groups = navFor(tenant.slug, role);
  return (
    <div className="min-h-screen lg:flex">
      {/* Past 8–19 navigation links straight to the page. */}
      <SkipLink />
      <aside className="hidden w-60 shrink-0 border-r border-slate-200 bg-white lg:block">
        <div className="px-5 py-5">
          <Link href={`/${tenant.slug}`} className="text-lg font-bold tracking-tight text-brand-600">
            MemberPulse
          </Link>
          <p className="mt-0.5 truncate text-sm text-slate-500">{tenant.name}</p>
        </div>
        <nav aria-label="Portal" className="px-3">
          {groups.map((g, i) => (
            // The first group (a member's own pages) has always stood untitled at the top of the sidebar.
            <NavLinks key={g.heading} group={g} headingHidden={i === 0} />
          ))}
        </nav>
      </aside>
      <div className="min-w-0 flex-1">
        <header className="relative flex items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-2.5 sm:px-6">
          <MobileNav groups={groups} />
          <div className="min-w-0 flex-1 lg:hidden">
            <p className="text-base font-bold text-brand-600">MemberPulse</p>
            <p className="truncate text-xs text-slate-500">{tenant.name}</p>
          </div>
          <p className="hidden text-sm text-slate-500 lg:block">{tenant.name}</p>
          <AccountMenu email={email} roleLabel={`${ROLE_LABELS[role]} · ${tenant.name}`} />
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-6 focus:outline-none sm:px-6 lg:py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
