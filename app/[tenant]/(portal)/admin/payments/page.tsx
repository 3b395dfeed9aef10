import type { Metadata } from "next";
import { PaymentsTable } from "@/components/billing/payments-table";
import { buttonClass, LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requireTenant } from "@/lib/auth/session";
import { loadAdminPaymentsView } from "@/lib/payments/admin-payments-view";
import { listQuery } from "@/lib/payments/api-schemas";
import { DISPLAY_STATUS_LABELS } from "@/lib/payments/payment-status";

export const metadata: Metadata = { title: "Payments" };

const FILTERS = ["succeeded", "pending", "failed", "refunded", "canceled"] as const;
const selectClass = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

export default async function AdminPaymentsPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { tenant: slug } = await params;
  const { tenant, user, role } = await requireTenant(slug, "payments.view_all");
  // The filter form submits its blank fields as "" ("All", no dates): blank means not filtered.
  const parsed = listQuery.safeParse(Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v !== "")));
  const q = parsed.success ? parsed.data : {};
  const actor = { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.id, role };
  const { page, member } = await loadAdminPaymentsView(await getDb(), actor, q);
  const filters = (extra: Record<string, string | undefined>) => new URLSearchParams(Object.entries({ ...q, ...extra }).filter((e): e is [string, string] => typeof e[1] === "string"));
  const next = filters({ cursor: page.nextCursor ?? undefined });
  const exportHref = `/api/payments/export?${filters({ cursor: undefined, tenant: tenant.slug }).toString()}`;
  return (
    <>
      <PageHeader
        title="Payments"
        description="Every member payment: portal purchases, membership charges and paid invoices. Statuses follow Stripe's webhooks."
        actions={
          <a href={exportHref} download className={buttonClass("secondary")} data-testid="export-payments">
            Export CSV
          </a>
        }
      />
      <Card>
        <form method="get" role="search" aria-label="Search payments" className="mb-5 grid gap-3 sm:grid-cols-2 lg:grid-cols-4 lg:items-end">
          <label className="text-sm font-medium text-slate-800 sm:col-span-2 lg:col-span-4">
            Search
            <input type="search" name="q" defaultValue={q.q ?? ""} placeholder="Member e-mail or name, an amount (25.00), or a payment id (pi_…)" className={selectClass} />
          </label>
          <label className="text-sm font-medium text-slate-800">
            Status
            <select name="status" defaultValue={q.status ?? ""} className={selectClass}>
              <option value="">All</option>
              {FILTERS.map((s) => (
                <option key={s} value={s}>
                  {DISPLAY_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          {q.member ? (
            <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700 sm:col-span-2 lg:col-span-4" data-testid="member-filter">
              <input type="hidden" name="member" value={q.member} />
              Only the payments of <span className="font-medium text-slate-900">{member?.email ?? "a former member"}</span>
              <a href={`/${slug}/admin/payments?${filters({ member: undefined, cursor: undefined }).toString()}`} className="inline-flex min-h-6 items-center font-medium text-brand-600 hover:underline">
                Show every member&apos;s
              </a>
            </p>
          ) : null}
          <label className="text-sm font-medium text-slate-800">
            From
            <input type="date" name="from" defaultValue={q.from ?? ""} className={selectClass} />
          </label>
          <label className="text-sm font-medium text-slate-800">
            To
            <input type="date" name="to" defaultValue={q.to ?? ""} className={selectClass} />
          </label>
          <button type="submit" className={buttonClass("secondary", "h-[38px]")}>
            Apply filters
          </button>
        </form>
        {page.data.length === 0 ? (
          q.status || q.member || q.q || q.from || q.to ? (
            <EmptyState title="No payments match">Try other filters.</EmptyState>
          ) : (
            <EmptyState title="No payments yet">Payments appear here once members pay in the portal or Stripe charges a membership.</EmptyState>
          )
        ) : (
          <PaymentsTable payments={page.data} showMember hrefFor={(p) => `/${slug}/admin/payments/${p.id}`} />
        )}
        {page.nextCursor ? (
          <div className="mt-4">
            <LinkButton variant="secondary" href={`/${slug}/admin/payments?${next.toString()}`}>
              Next page
            </LinkButton>
          </div>
        ) : null}
      </Card>
    </>
  );
}
