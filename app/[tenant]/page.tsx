import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenant } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Home" };

export default async function MemberHome({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, user } = await requireTenant((await params).tenant);
  return (
    <>
      <PageHeader title={`Welcome${user.name ? `, ${user.name.split(" ")[0]}` : ""}`} description={`Your membership with ${tenant.name}.`} />
      <div className="grid gap-6 md:grid-cols-2">
        <Card title="Your access" description="What your memberships and grants give you.">
          <EmptyState title="No active membership yet">
            When you subscribe to a plan, or an admin grants you access, it will be listed here with where it comes from.
          </EmptyState>
        </Card>
        <Card title="Recent payments" description="Your latest payments and their status.">
          <EmptyState title="No payments yet">Payments you make in this portal appear here with their receipts.</EmptyState>
        </Card>
      </div>
    </>
  );
}
