import Link from "next/link";
import type { ReactNode } from "react";
import type { Role } from "@/db/schema";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { AccountMenu } from "./account-menu";
import { NavLinks, type NavItem } from "./nav-links";

function navFor(slug: string, role: Role): { heading?: string; items: NavItem[] }[] {
  const groups: { heading?: string; items: NavItem[] }[] = [
    {
      items: [
        { href: `/${slug}`, label: "Home", exact: true },
        { href: `/${slug}/billing`, label: "Plans & pricing", exact: true },
        ...(can(role, "subscriptions.subscribe") ? [{ href: `/${slug}/billing/subscription`, label: "My membership" }] : []),
        ...(can(role, "invoices.pay") ? [{ href: `/${slug}/billing/invoices`, label: "Invoices" }] : []),
        { href: `/${slug}/billing/history`, label: "Payment history" },
        ...(can(role, "payments.pay") ? [{ href: `/${slug}/billing/payment-methods`, label: "Payment methods" }] : []),
        ...(can(role, "credits.view") ? [{ href: `/${slug}/billing/credits`, label: "Credits" }] : []),
      ],
    },
  ];
  if (can(role, "admin.view")) {
    groups.push({
      heading: "Admin",
      items: [
        { href: `/${slug}/admin`, label: "Overview", exact: true },
        ...(can(role, "catalog.manage") ? [{ href: `/${slug}/admin/catalog`, label: "Catalog" }] : []),
        ...(can(role, "members.manage") ? [{ href: `/${slug}/admin/members`, label: "Members" }] : []),
        ...(can(role, "payments.view_all") ? [{ href: `/${slug}/admin/payments`, label: "Payments" }] : []),
        ...(can(role, "subscriptions.view_all") ? [{ href: `/${slug}/admin/subscriptions`, label: "Subscriptions" }] : []),
        ...(can(role, "invoices.manage") ? [{ href: `/${slug}/admin/invoices`, label: "Invoices" }] : []),
        ...(can(role, "webhooks.view") ? [{ href: `/${slug}/admin/webhooks`, label: "Webhook events" }] : []),
        { href: `/${slug}/admin/audit`, label: "Audit log" },
      ],
    });
  }
  const settings = [
    ...(can(role, "settings.stripe.manage") ? [{ href: `/${slug}/settings/integrations`, label: "Integrations" }] : []),
    ...(can(role, "api_keys.manage") ? [{ href: `/${slug}/settings/api-keys`, label: "API keys" }] : []),
  ];
  if (settings.length > 0) groups.push({ heading: "Settings", items: settings });
  return groups;
}

/** The frame of every tenant page: sidebar on wide screens, a scrolling nav bar on phones. */
export function TenantShell({ tenant, role, email, children }: { tenant: { slug: string; name: string }; role: Role; email: string; children: ReactNode }) {
  const groups = navFor(tenant.slug, role);
  return (
    <div className="min-h-screen lg:flex">
      {/* First thing a keyboard reaches: past 8–19 navigation links straight to the page. */}
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-semibold text-brand-700 shadow ring-2 ring-brand-500 focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
      >
        Skip to content
      </a>
      <aside className="hidden w-60 shrink-0 border-r border-slate-200 bg-white lg:block">
        <div className="px-5 py-5">
          <Link href={`/${tenant.slug}`} className="text-lg font-bold tracking-tight text-brand-600">
            MemberPulse
          </Link>
          <p className="mt-0.5 truncate text-sm text-slate-500">{tenant.name}</p>
        </div>
        <nav aria-label="Portal" className="px-3">
          {groups.map((g) => (
            <NavLinks key={g.heading ?? "main"} heading={g.heading} items={g.items} />
          ))}
        </nav>
      </aside>
      <div className="min-w-0 flex-1">
        <header className="flex items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-2.5 sm:px-6">
          <div className="min-w-0 lg:hidden">
            <p className="text-base font-bold text-brand-600">MemberPulse</p>
            <p className="truncate text-xs text-slate-500">{tenant.name}</p>
          </div>
          <p className="hidden text-sm text-slate-500 lg:block">{tenant.name}</p>
          <AccountMenu email={email} roleLabel={`${ROLE_LABELS[role]} · ${tenant.name}`} />
        </header>
        <nav aria-label="Portal (compact)" className="flex gap-1 overflow-x-auto border-b border-slate-200 bg-white px-2 py-1 lg:hidden">
          {groups.flatMap((g) => g.items).map((item) => (
            <Link key={item.href} href={item.href} className="whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
              {item.label}
            </Link>
          ))}
        </nav>
        <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-6 focus:outline-none sm:px-6 lg:py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
