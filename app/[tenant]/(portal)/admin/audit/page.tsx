import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { listAudit } from "@/db/queries/audit-log";
import { AuditTable } from "@/components/admin/audit-table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenant } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit log" };
const PAGE = 50;

export default async function AuditPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ before?: string }> }) {
  const { tenant } = await requireTenant((await params).tenant, "audit.view");
  const beforeRaw = (await searchParams).before;
  const before = beforeRaw && !Number.isNaN(Date.parse(beforeRaw)) ? new Date(beforeRaw) : undefined;
  const rows = await listAudit(await getDb(), { tenantId: tenant.id, before, limit: PAGE });
  const last = rows.at(-1);
  return (
    <>
      <PageHeader title="Audit log" description="Every change to this portal's configuration: who, when and which fields. Values are never recorded." />
      <Card>
        <AuditTable rows={rows} />
        <div className="mt-4 flex justify-between text-sm">
          {before ? <Link href={`/${tenant.slug}/admin/audit`} className="font-medium text-brand-600 hover:underline">← Newest</Link> : <span />}
          {rows.length === PAGE && last ? (
            <Link href={`/${tenant.slug}/admin/audit?before=${encodeURIComponent(last.createdAt.toISOString())}`} className="font-medium text-brand-600 hover:underline">
              Older →
            </Link>
          ) : null}
        </div>
      </Card>
    </>
  );
}
