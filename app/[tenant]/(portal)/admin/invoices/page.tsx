import { formatMoney } from "@/lib/money";
import type { Metadata } from "next";
import Link from "next/link";
import { InvoiceTable } from "@/components/billing/invoice-table";
import { ActionForm } from "@/components/forms/action-form";
import { buttonClass, LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requireTenant } from "@/lib/auth/session";
import { ListPager, ListSortControls } from "@/components/ui/list-controls";
import { listHref } from "@/lib/lists/list-params";
import { loadInvoiceListPage } from "@/lib/lists/sorted-lists";
import { markUncollectibleAction, voidInvoiceAction } from "./actions";

export const metadata: Metadata = { title: "Invoices" };

const STATUSES = ["open", "paid", "void", "uncollectible", "draft"] as const;

export default async function AdminInvoicesPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { tenant } = await requireTenant((await params).tenant, "invoices.manage");
  const sp = await searchParams;
  const status = STATUSES.find((s) => s === sp.status);
  const base = `/${tenant.slug}/admin/invoices`;
  const { rows, links } = await loadInvoiceListPage(await getDb(), { tenantId: tenant.id, base, status, params: sp });
  return (
    <>
      <PageHeader title="Invoices" description="Bill members for one-off items; membership renewals appear here too." actions={
          <div className="flex flex-wrap gap-2">
            <a href={`/api/invoices/export?tenant=${tenant.slug}`} download className={buttonClass("secondary")} data-testid="export-invoices">
              Export CSV
            </a>
            <LinkButton href={`/${tenant.slug}/admin/invoices/new`}>New invoice</LinkButton>
          </div>
        } />
      {sp.created ? (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-900 ring-1 ring-emerald-200">
          Invoice created and sent. It appears below once Stripe confirms.
        </p>
      ) : null}
      <nav aria-label="Filter by status" className="mb-4 flex flex-wrap gap-2 text-sm">
        {[undefined, ...STATUSES].map((s) => (
          <Link
            key={s ?? "all"}
            // A status keeps the chosen sort (from its first page).
            href={listHref(base, { sort: links.sort, dir: links.dir, extra: { status: s } })}
            aria-current={s === status ? "page" : undefined}
            className={`rounded-full px-3 py-1 capitalize ring-1 ring-slate-300 ${s === status ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700"}`}
          >
            {s ?? "All"}
          </Link>
        ))}
      </nav>
      <Card>
        <ListSortControls noun="invoices" {...links} />
        {rows.length === 0 ? (
          <EmptyState title={links.firstHref ? "No more invoices" : "No invoices here"}>
            {links.firstHref ? "This page is past the last invoice." : status ? `No ${status} invoices. Choose All to see every invoice.` : "Invoices you send and membership renewals appear here."}
          </EmptyState>
        ) : (
          <InvoiceTable
            slug={tenant.slug}
            rows={rows}
            showMember
            actions={(r) =>
              r.status === "open" ? (
                <div className="flex flex-wrap gap-2">
                  <ActionForm
                    action={markUncollectibleAction.bind(null, { slug: tenant.slug, invoiceId: r.stripeInvoiceId })}
                    submitLabel="Mark uncollectible"
                    pendingLabel="Marking…"
                    variant="secondary"
                    confirm={{
                      title: `Mark invoice ${r.number ?? ""} (${formatMoney(r.amountRemaining, r.currency)}) uncollectible?`,
                      body: `You stop expecting ${r.userEmail ?? "the member"} to pay it: it stops counting as open and is reported as bad debt. The member can still pay it later.`,
                      confirmLabel: "Yes, mark uncollectible",
                    }}
                  />
                  <ActionForm
                    action={voidInvoiceAction.bind(null, { slug: tenant.slug, invoiceId: r.stripeInvoiceId })}
                    submitLabel="Void"
                    pendingLabel="Voiding…"
                    variant="danger"
                    confirm={{
                      title: `Void invoice ${r.number ?? ""} (${formatMoney(r.amountDue, r.currency)})?`,
                      body: `${r.userEmail ?? "The member"} can no longer pay it. Voiding cannot be undone; send a new invoice if they still owe this.`,
                      confirmLabel: "Yes, void invoice",
                    }}
                  />
                </div>
              ) : null
            }
          />
        )}
        <ListPager noun="invoices" firstHref={links.firstHref} nextHref={links.nextHref} shown={rows.length} />
      </Card>
    </>
  );
}
