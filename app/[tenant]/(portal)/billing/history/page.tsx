import type { Metadata } from "next";
import { PaymentsTable } from "@/components/billing/payments-table";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requireTenant } from "@/lib/auth/session";
import { listPaymentViews } from "@/lib/payments/read-payments";

export const metadata: Metadata = { title: "Payment history" };

export default async function HistoryPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ cursor?: string }> }) {
  const { tenant: slug } = await params;
  const { cursor } = await searchParams;
  const { tenant, user, role } = await requireTenant(slug);
  const db = await getDb();
  const actor = { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.id, role };
  // A mangled cursor in the URL starts from the newest payment rather than failing the page.
  const page = await listPaymentViews(db, actor, { ownOnly: true, cursor, limit: 25 }).catch(() => listPaymentViews(db, actor, { ownOnly: true, limit: 25 }));
  return (
    <>
      <PageHeader title="Payment history" description="Your payments to this organisation, newest first. Refunds appear once Stripe confirms them." />
      <Card>
        {page.data.length === 0 ? (
          <EmptyState title="No payments yet">Payments you make in the portal will appear here.</EmptyState>
        ) : (
          <PaymentsTable payments={page.data} showMember={false} hrefFor={(p) => `/${slug}/billing/payments/${p.id}`} />
        )}
        {page.nextCursor ? (
          <div className="mt-4">
            <LinkButton variant="secondary" href={`/${slug}/billing/history?cursor=${encodeURIComponent(page.nextCursor)}`}>
              Older payments
            </LinkButton>
          </div>
        ) : null}
      </Card>
    </>
  );
}
