import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { listAudit } from "@/db/queries/audit-log";
import { listTenantMembers } from "@/db/queries/memberships";
import { AuditTable } from "@/components/admin/audit-table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenantAdmin } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminHome({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await requireTenantAdmin((await params).tenant);
  const db = await getDb();
  const [members, audit] = await Promise.all([listTenantMembers(db, { tenantId: tenant.id }), listAudit(db, { tenantId: tenant.id, limit: 5 })]);
  const admins = members.filter((m) => m.role === "ROLE_CLIENT_ADMIN").length;
  return (
    <>
      <PageHeader title="Admin overview" description={`Manage ${tenant.name}'s portal.`} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Card title="People">
          <p className="text-3xl font-semibold">{members.length}</p>
          <p className="text-sm text-slate-500">
            {admins} admin{admins === 1 ? "" : "s"}, {members.length - admins} member{members.length - admins === 1 ? "" : "s"}
          </p>
        </Card>
        <Card title="Stripe">
          <p className="text-sm text-slate-600">Payments are not connected yet. Connecting your Stripe account lets members pay inside the portal.</p>
        </Card>
      </div>
      <Card title="Recent changes" className="mt-6" actions={<Link href={`/${tenant.slug}/admin/audit`} className="text-sm font-medium text-brand-600 hover:underline">View all</Link>}>
        <AuditTable rows={audit} />
      </Card>
    </>
  );
}
