import type { Metadata } from "next";
import { BillingNotice } from "@/components/shell/billing-notice";
import { SuspendedNotice } from "@/components/shell/suspended-notice";
import { getDb } from "@/db";
import { TenantShell } from "@/components/shell/tenant-shell";
import { StripeAccountsProvider } from "@/components/billing/stripe-accounts";
import { requireTenant } from "@/lib/auth/session";
import { stripeJsAccounts } from "@/lib/stripe-connection/resolve";

export async function generateMetadata({ params }: { params: Promise<{ tenant: string }> }): Promise<Metadata> {
  const { tenant } = await requireTenant((await params).tenant);
  return { title: { default: tenant.name, template: `%s · ${tenant.name}` } };
}

export default async function TenantLayout({ children, params }: { children: React.ReactNode; params: Promise<{ tenant: string }> }) {
  const { tenant, role, user, billing } = await requireTenant((await params).tenant);
  const stripeAccounts = await stripeJsAccounts(await getDb(), { tenantId: tenant.id });
  return (
    <TenantShell tenant={tenant} role={role} email={user.email}>
      {tenant.status === "suspended" ? <SuspendedNotice role={role} reason={tenant.statusReason} /> : null}
      <BillingNotice slug={tenant.slug} role={role} status={billing} />
      <StripeAccountsProvider accounts={stripeAccounts}>{children}</StripeAccountsProvider>
    </TenantShell>
  );
}
