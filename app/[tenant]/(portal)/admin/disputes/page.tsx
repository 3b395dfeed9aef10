import type { Metadata } from "next";
import { DisputesTable } from "@/components/disputes/disputes-table";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requireTenant } from "@/lib/auth/session";
import { loadDisputesView } from "@/lib/disputes/disputes-view";

export const metadata: Metadata = { title: "Disputes" };

export default async function AdminDisputesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { tenant } = await requireTenant(slug, "disputes.manage");
  const disputes = await loadDisputesView(await getDb(), { tenantId: tenant.id });
  const open = disputes.filter((d) => d.acceptsEvidence).length;
  return (
    <>
      <PageHeader
        title="Disputes"
        description="When a member's bank disputes a charge, Stripe holds the amount and a fee until the bank decides. Answer each one with evidence before its deadline."
      />
      <Card title={open ? `${open} waiting for your response` : undefined}>
        {disputes.length === 0 ? (
          <EmptyState title="No disputes">When a cardholder disputes a payment, it appears here with the date your evidence is due.</EmptyState>
        ) : (
          <DisputesTable disputes={disputes} hrefFor={(d) => `/${slug}/admin/disputes/${d.id}`} now={new Date()} />
        )}
      </Card>
    </>
  );
}
