import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { AccessList } from "@/components/access/access-list";
import { PaymentsTable } from "@/components/billing/payments-table";
import { LinkButton } from "@/components/ui/button";
import { requireTenant } from "@/lib/auth/session";
import { loadMemberHomeView } from "@/lib/members/member-home-view";

// The portal layout's "%s · Organisation" template only reaches child segments, not the page beside
// it, so the home page spells its title out (requireTenant is cached: no second read).
export async function generateMetadata({ params }: { params: Promise<{ tenant: string }> }): Promise<Metadata> {
  const { tenant } = await requireTenant((await params).tenant);
  return { title: { absolute: `Home · ${tenant.name}` } };
}

export default async function MemberHome({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, user, role } = await requireTenant((await params).tenant);
  const { access, recentPayments, morePayments } = await loadMemberHomeView(await getDb(), { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.id, role });
  return (
    <>
      <PageHeader title={`Welcome${user.name ? `, ${user.name.split(" ")[0]}` : ""}`} description={`Your membership with ${tenant.name}.`} />
      <div className="grid gap-6 md:grid-cols-2">
        <Card title="Your access" description="What your memberships and grants give you.">
          <AccessList
            access={access}
            emptyTitle="No active membership yet"
            emptyText="When you subscribe to a plan, or an admin grants you access, it will be listed here with where it comes from."
            emptyAction={<LinkButton href={`/${tenant.slug}/billing`}>See plans and pricing</LinkButton>}
          />
        </Card>
        <Card
          title="Recent payments"
          description="Your latest payments and their status."
          actions={recentPayments.length ? <LinkButton href={`/${tenant.slug}/billing/history`} variant="secondary">{morePayments ? "All payments" : "Payment history"}</LinkButton> : null}
        >
          {recentPayments.length === 0 ? (
            <EmptyState title="No payments yet">
              Payments you make in this portal appear here with their receipts.{" "}
              <Link href={`/${tenant.slug}/billing`} className="font-medium text-brand-600 underline">
                See plans and pricing
              </Link>
              .
            </EmptyState>
          ) : (
            <PaymentsTable payments={recentPayments} showMember={false} hrefFor={(p) => `/${tenant.slug}/billing/payments/${p.id}`} />
          )}
        </Card>
      </div>
    </>
  );
}
