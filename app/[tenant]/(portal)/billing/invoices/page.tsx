import type { Metadata } from "next";
import { OutcomeBanner } from "@/components/billing/outcome-banner";
import { PastDueNotice } from "@/components/billing/past-due-notice";
import { InvoiceTable } from "@/components/billing/invoice-table";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requireTenant } from "@/lib/auth/session";
import { loadMemberInvoicesView } from "@/lib/invoices/list-invoices";

export const metadata: Metadata = { title: "My invoices" };

export default async function InvoicesPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ paid?: string }> }) {
  const { tenant, user } = await requireTenant((await params).tenant, "invoices.pay");
  const { paid } = await searchParams;
  const { rows, notices, paidOutcome } = await loadMemberInvoicesView(await getDb(), { tenantId: tenant.id, userId: user.id, paid: typeof paid === "string" ? paid : undefined });
  return (
    <>
      <PageHeader title="Invoices" description="Membership renewals and invoices from the organisation. Open invoices can be paid here." />
      {paidOutcome ? (
        <OutcomeBanner
          className="mb-6"
          outcome={
            paidOutcome.settled
              ? { tone: "ok", title: `Thank you: ${paidOutcome.name} is paid`, detail: "Your receipt is in your payment history." }
              : { tone: "wait", title: `Payment sent for ${paidOutcome.name}`, detail: "Stripe is confirming it; the invoice shows as paid in a few seconds. Reload to check. Do not pay again." }
          }
        />
      ) : null}
      <PastDueNotice slug={tenant.slug} notices={notices} />
      {rows.length === 0 ? (
        <EmptyState title="No invoices yet">Invoices appear here when you subscribe or the organisation bills you.</EmptyState>
      ) : (
        <Card>
          <InvoiceTable slug={tenant.slug} rows={rows} payable />
        </Card>
      )}
    </>
  );
}
