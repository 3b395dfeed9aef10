import type { Metadata } from "next";
import { PastDueNotice } from "@/components/billing/past-due-notice";
import { InvoiceTable } from "@/components/billing/invoice-table";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requireTenant } from "@/lib/auth/session";
import { loadMemberInvoicesView } from "@/lib/invoices/list-invoices";

export const metadata: Metadata = { title: "My invoices" };

export default async function InvoicesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, user } = await requireTenant((await params).tenant, "invoices.pay");
  const { rows, notices } = await loadMemberInvoicesView(await getDb(), { tenantId: tenant.id, userId: user.id });
  return (
    <>
      <PageHeader title="Invoices" description="Membership renewals and invoices from the organisation. Open invoices can be paid here." />
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
