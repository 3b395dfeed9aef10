import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OutcomeBanner, type Outcome } from "@/components/billing/outcome-banner";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { DomainError } from "@/lib/errors/domain-error";
import { requireTenant } from "@/lib/auth/session";
import { getOwnSetupIntent } from "@/lib/payment-methods/manage-payment-methods";
import type { PortalSetupIntent } from "@/lib/stripe/setup-intents";

export const metadata: Metadata = { title: "Saving your card" };

function outcomeOf(si: PortalSetupIntent | null): Outcome {
  if (!si) return { tone: "wait", title: "Checking your card", detail: "We could not reach Stripe just now. Reload this page in a moment." };
  if (si.status === "succeeded") return { tone: "ok", title: "Card added", detail: "Your card is saved. It will appear in your payment methods in a moment." };
  if (si.status === "processing") return { tone: "wait", title: "Saving your card", detail: "Your bank is still checking this card. It will appear in your payment methods when it is done." };
  if (si.status === "canceled") return { tone: "bad", title: "Card not saved", detail: "This attempt was canceled. Nothing was saved." };
  return { tone: "bad", title: "Card not saved", detail: `${si.errorMessage ?? "The card was not confirmed."} Try again, or use another card.` };
}

/** Where Stripe.js returns after a redirect (3-D Secure): the SetupIntent is read on the server. */
export default async function SetupCompletePage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ setup_intent?: string }> }) {
  const { tenant: slug } = await params;
  const { setup_intent: setupIntentId } = await searchParams;
  const { tenant, user } = await requireTenant(slug, "payments.pay");
  if (!setupIntentId) notFound();
  let si: PortalSetupIntent | null = null;
  try {
    si = (await getOwnSetupIntent(await getDb(), { tenantId: tenant.id, userId: user.id }, setupIntentId)) ?? notFound();
  } catch (error) {
    // Stripe unreachable (or not configured any more): say we do not know yet, rather than guess.
    if (!(error instanceof DomainError)) throw error;
  }
  const outcome = outcomeOf(si);
  return (
    <>
      <PageHeader title="Payment methods" />
      <OutcomeBanner outcome={outcome}>
        <LinkButton href={`/${tenant.slug}/billing/payment-methods`} variant={outcome.tone === "ok" ? "primary" : "secondary"} className="mt-3">
          Back to payment methods
        </LinkButton>
      </OutcomeBanner>
    </>
  );
}
