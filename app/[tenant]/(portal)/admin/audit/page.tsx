import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { AuditTable } from "@/components/admin/audit-table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { loadAuditLogPage } from "@/lib/audit/audit-log-page";
import { requireTenant } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ before?: string }> }) {
  const { tenant } = await requireTenant((await params).tenant, "audit.view");
  const beforeRaw = (await searchParams).before;
  const before = beforeRaw && !Number.isNaN(Date.parse(beforeRaw)) ? new Date(beforeRaw) : undefined;
  const { rows, nextBefore } = await loadAuditLogPage(await getDb(), { tenantId: tenant.id, before });
  return (
    <>
      <PageHeader title="Audit log" description="Every change to this portal's configuration: who, when and which fields. Values are never recorded." />
      <Card>
        <AuditTable rows={rows} />
        <div className="mt-4 flex justify-between text-sm">
          {before ? <Link href={`/${tenant.slug}/admin/audit`} className="font-medium text-brand-600 hover:underline">← Newest</Link> : <span />}
          {nextBefore ? (
            <Link href={`/${tenant.slug}/admin/audit?before=${encodeURIComponent(nextBefore)}`} className="font-medium text-brand-600 hover:underline">
              Older →
            </Link>
          ) : null}
        </div>
      </Card>
    </>
  );
}
