import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { AccessList } from "@/components/access/access-list";
import { resolveAccess } from "@/lib/access/resolve-access";
import { requireTenant } from "@/lib/auth/session";

// The portal layout's "%s · Organisation" template only reaches child segments, not the page beside
// it, so the home page spells its title out (requireTenant is cached: no second read).
export async function generateMetadata({ params }: { params: Promise<{ tenant: string }> }): Promise<Metadata> {
  const { tenant } = await requireTenant((await params).tenant);
  return { title: { absolute: `Home · ${tenant.name}` } };
}

export default async function MemberHome({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, user } = await requireTenant((await params).tenant);
  const access = await resolveAccess(await getDb(), { tenantId: tenant.id, userId: user.id });
  return (
    <>
      <PageHeader title={`Welcome${user.name ? `, ${user.name.split(" ")[0]}` : ""}`} description={`Your membership with ${tenant.name}.`} />
      <div className="grid gap-6 md:grid-cols-2">
        <Card title="Your access" description="What your memberships and grants give you.">
          <AccessList
            access={access}
            emptyTitle="No active membership yet"
            emptyText="When you subscribe to a plan, or an admin grants you access, it will be listed here with where it comes from."
          />
        </Card>
        <Card title="Recent payments" description="Your latest payments and their status.">
          <EmptyState title="No payments yet">Payments you make in this portal appear here with their receipts.</EmptyState>
        </Card>
      </div>
    </>
  );
}
