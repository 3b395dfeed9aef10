import type { Metadata } from "next";
import { getDb } from "@/db";
import { stripeBadgeLabel, StripeStatusBadge } from "@/components/settings/stripe-status-badge";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenant } from "@/lib/auth/session";
import { getStripeSettingsView } from "@/lib/stripe-connection/settings-view";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await requireTenant((await params).tenant, "settings.stripe.manage");
  const view = await getStripeSettingsView(await getDb(), { tenantId: tenant.id });
  const active = view.modes[view.activeMode];
  return (
    <>
      <PageHeader title="Integrations" description="Services this portal connects to." />
      <div className="grid gap-4 sm:grid-cols-2">
        <Card
          title="Stripe"
          description="Payments, subscriptions and invoices."
          actions={<StripeStatusBadge badge={active.badge} />}
        >
          <p className="text-sm text-slate-600">
            {view.activeMode === "live" ? "Live" : "Test"} mode · {stripeBadgeLabel(active.badge)}
            {active.account.name ? ` · ${active.account.name}` : ""}
          </p>
          <LinkButton href={`/${tenant.slug}/settings/integrations/stripe`} variant="secondary" className="mt-4">
            Manage Stripe
          </LinkButton>
        </Card>
      </div>
    </>
  );
}
