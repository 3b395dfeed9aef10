import type { Db } from "@/db/client";
import { findMemberCustomerId } from "@/db/queries/member-stripe-customers";
import { getSavedCard } from "@/db/queries/saved-cards";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { DomainError } from "@/lib/errors/domain-error";
import { ensureMemberCustomer } from "@/lib/payments/ensure-member-customer";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { setDefaultPaymentMethod } from "@/lib/stripe/customers";
import { createSetupIntent, detachPaymentMethod, retrieveSetupIntent, type PortalSetupIntent } from "@/lib/stripe/setup-intents";

type Member = Pick<TenantActor, "tenantId" | "userId">;

/** A SetupIntent on the member's own customer (created once per mode) for the Payment Element. */
export async function startCardSetup(db: Db, member: Member): Promise<{ clientSecret: string }> {
  const stripe = await stripeFor(db, { tenantId: member.tenantId });
  const customerId = await ensureMemberCustomer(db, stripe, member);
  const si = await createSetupIntent(stripe.client, {
    customerId,
    metadata: { memberpulse_tenant_id: member.tenantId, memberpulse_user_id: member.userId },
  });
  return { clientSecret: si.clientSecret };
}

/**
 * The member's customer and the card, when the card is one of theirs (attached, per the webhook
 * projection). Anything else — another member's card, a detached one, a made-up id — is a 404.
 */
async function ownCard(db: Db, member: Member, paymentMethodId: string) {
  const stripe = await stripeFor(db, { tenantId: member.tenantId });
  const customerId = await findMemberCustomerId(db, { ...member, mode: stripe.mode });
  const card = customerId ? await getSavedCard(db, { tenantId: member.tenantId, mode: stripe.mode, stripeCustomerId: customerId, paymentMethodId }) : undefined;
  if (!customerId || !card) throw new DomainError("not_found", "No such saved card.");
  return { stripe, customerId };
}

/** Future invoices and subscriptions charge this card (the customer's invoice_settings). */
export async function setDefaultCard(db: Db, member: Member, paymentMethodId: string): Promise<void> {
  const { stripe, customerId } = await ownCard(db, member, paymentMethodId);
  await setDefaultPaymentMethod(stripe.client, customerId, paymentMethodId);
}

/** Detaches the card; it leaves the list when Stripe's payment_method.detached arrives. */
export async function removeCard(db: Db, member: Member, paymentMethodId: string): Promise<void> {
  const { stripe } = await ownCard(db, member, paymentMethodId);
  await detachPaymentMethod(stripe.client, paymentMethodId);
}

/** The SetupIntent the browser returned with, only if it is on the member's own customer. */
export async function getOwnSetupIntent(db: Db, member: Member, setupIntentId: string): Promise<PortalSetupIntent | undefined> {
  if (!/^seti_\w+$/.test(setupIntentId)) return undefined;
  const stripe = await stripeFor(db, { tenantId: member.tenantId });
  const customerId = await findMemberCustomerId(db, { ...member, mode: stripe.mode });
  if (!customerId) return undefined;
  const si = await retrieveSetupIntent(stripe.client, setupIntentId);
  return si && si.customerId === customerId ? si : undefined;
}
