import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { PlatformCheckoutBox } from "@/components/platform-billing/platform-checkout-box";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenant } from "@/lib/auth/session";
import { tenantActor } from "@/lib/auth/tenant-actor";
import { isUuid } from "@/lib/ids";
import { formatMoney } from "@/lib/money";
import { loadPortalBillingView } from "@/lib/platform-billing/portal-billing";

export const metadata: Metadata = { title: "Choose a plan" };

export default async function PlatformCheckoutPage({ params }: { params: Promise<{ tenant: string; planId: string }> }) {
  const { tenant: slug, planId } = await params;
  const { tenant, user, role } = await requireTenant(slug, "platform_billing.manage");
  if (!isUuid(planId)) notFound();
  const view = await loadPortalBillingView(await getDb(), tenantActor(tenant, user.id, role));
  const plan = view.plans.find((p) => p.id === planId);
  if (!plan || !view.publishableKey) notFound();
  return (
    <>
      <PageHeader
        title={`Subscribe to ${plan.name}`}
        description={`${formatMoney(plan.amount, plan.currency)} a month${plan.trialDays ? ` after a ${plan.trialDays}-day free trial` : ""}, paid to MemberPulse.`}
      />
      <Card className="max-w-2xl">
        {view.canChangePlan || view.inArrears ? (
          <div className="space-y-3 text-sm text-slate-700">
            <p role="status">{view.inArrears ? "This portal has an unpaid invoice. Pay it on the billing page first." : "This portal already has a plan. Change it on the billing page instead."}</p>
            <LinkButton href={`/${tenant.slug}/settings/billing`} variant="secondary">
              Back to billing
            </LinkButton>
          </div>
        ) : (
          <PlatformCheckoutBox slug={tenant.slug} planId={plan.id} publishableKey={view.publishableKey} />
        )}
      </Card>
    </>
  );
}
