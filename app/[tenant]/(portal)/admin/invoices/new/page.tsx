import type { Metadata } from "next";
import { InvoiceBuilder } from "@/components/admin/invoice-builder";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requireTenant } from "@/lib/auth/session";
import { viewerTimeZone } from "@/lib/viewer-date-format";
import { loadInvoiceBuilderView } from "@/lib/invoices/invoice-builder-view";
import { createInvoiceAction, previewInvoiceAction } from "../actions";

export const metadata: Metadata = { title: "New invoice" };

export default async function NewInvoicePage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await requireTenant((await params).tenant, "invoices.manage");
  const view = await loadInvoiceBuilderView(await getDb(), { tenantId: tenant.id });
  return (
    <>
      <PageHeader title="New invoice" description="Bill a member for catalog items or custom lines. Stripe emails it in live mode; the member can also pay it in the portal under Invoices." />
      <div className="max-w-3xl">
        <InvoiceBuilder slug={tenant.slug} {...view} timeZone={await viewerTimeZone()} preview={previewInvoiceAction} create={createInvoiceAction} />
      </div>
    </>
  );
}
