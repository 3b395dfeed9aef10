import type { Metadata } from "next";
import { getDb } from "@/db";
import { DELIVERY_TEXT, MailList } from "@/components/admin/mail-list";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenant } from "@/lib/auth/session";
import { loadMailView } from "@/lib/mail/mail-view";

export const metadata: Metadata = { title: "Mail" };

export default async function MailPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await requireTenant((await params).tenant, "mail.view");
  const { items, delivery } = await loadMailView(await getDb(), { tenantId: tenant.id });
  return (
    <>
      <PageHeader title="Mail" description="What the portal has e-mailed your members and admins: receipts, payment reminders, refunds, invitations and alerts." />
      <p className="mb-4 rounded-md bg-slate-50 p-3 text-sm text-slate-700 ring-1 ring-slate-200" data-testid="mail-delivery">
        {DELIVERY_TEXT[delivery]}
      </p>
      <Card title="Latest 50 messages">
        <MailList items={items} />
      </Card>
    </>
  );
}
