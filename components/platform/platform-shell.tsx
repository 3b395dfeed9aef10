import Link from "next/link";
import type { ReactNode } from "react";
import { AccountMenu } from "@/components/shell/account-menu";
import { SkipLink } from "@/components/shell/skip-link";

/** The operator console's frame: one header, no tenant navigation (the console is not inside any portal). */
export function PlatformShell({ email, children }: { email: string; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <SkipLink />
      <header className="flex items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-2.5 sm:px-6">
        {/* Below sm the navigation wraps under the name instead of running into it. */}
        <div className="flex min-w-0 flex-wrap items-center gap-x-4 gap-y-1">
          <Link href="/platform" className="shrink-0">
            <span className="block text-base font-bold text-brand-600">MemberPulse</span>
            <span className="block text-xs font-medium uppercase tracking-wide text-slate-500">Platform console</span>
          </Link>
          <nav aria-label="Platform" className="flex flex-wrap gap-1">
            {[
              { href: "/platform", label: "Tenants" },
              { href: "/platform/plans", label: "Plans" },
              { href: "/platform/webhooks", label: "Webhooks" },
              { href: "/platform/audit", label: "Audit log" },
            ].map((l) => (
              <Link key={l.href} href={l.href} className="inline-flex min-h-6 items-center rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100">
                {l.label}
              </Link>
            ))}
          </nav>
        </div>
        <AccountMenu email={email} roleLabel="Platform operator" />
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 focus:outline-none sm:px-6 lg:py-8">
        {children}
      </main>
    </div>
  );
}
