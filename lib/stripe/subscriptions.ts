import "server-only";
import type Stripe from "stripe";
import { stripeFailure } from "./stripe-failure";

/** What the portal needs to know about a subscription it created or changed. */
export type PortalSubscription = {
  id: string;
  status: Stripe.Subscription.Status;
  customerId: string;
  priceId: string | null;
  itemId: string | null;
  cancelAtPeriodEnd: boolean;
  /** From the items (API basil+): the latest end among them. */
  currentPeriodEnd: number | null;
  latestInvoiceId: string | null;
  /** The secret the Payment Element confirms: the first invoice's, or the pending SetupIntent's when nothing is due. */
  clientSecret: string | null;
  secretType: "payment" | "setup" | null;
  /** Unix seconds a free trial ends; null without one. */
  trialEnd: number | null;
  /** The Stripe promotion code it was started with (our metadata), so a retry with another code is a new one. */
  promotionCodeId: string | null;
};

export const PROMOTION_METADATA_KEY = "memberpulse_promotion_code";

const idOf = (v: string | { id?: string } | null | undefined): string | null => (v == null ? null : typeof v === "string" ? v : (v.id ?? null));

export function toPortalSubscription(sub: Stripe.Subscription): PortalSubscription {
  const item = sub.items.data[0];
  const invoice = typeof sub.latest_invoice === "object" ? sub.latest_invoice : null;
  const setup = typeof sub.pending_setup_intent === "object" ? sub.pending_setup_intent : null;
  const invoiceSecret = invoice?.status === "open" ? (invoice.confirmation_secret?.client_secret ?? null) : null;
  const setupSecret = setup?.client_secret ?? null;
  return {
    id: sub.id,
    status: sub.status,
    customerId: idOf(sub.customer) ?? "",
    priceId: item?.price.id ?? null,
    itemId: item?.id ?? null,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    currentPeriodEnd: sub.items.data.length ? Math.max(...sub.items.data.map((i) => i.current_period_end)) : null,
    latestInvoiceId: idOf(sub.latest_invoice),
    clientSecret: invoiceSecret ?? setupSecret,
    secretType: invoiceSecret ? "payment" : setupSecret ? "setup" : null,
    trialEnd: sub.trial_end,
    promotionCodeId: sub.metadata?.[PROMOTION_METADATA_KEY] ?? null,
  };
}

const EXPAND = ["latest_invoice.confirmation_secret", "pending_setup_intent"];

/**
 * Creates the subscription for embedded payment (STRIPE-NOTES): `default_incomplete`, the card saved
 * on the subscription, the first invoice's confirmation secret (or, on a free trial, the pending
 * SetupIntent) expanded. The idempotency key makes a
 * repeated call (double click, retry after a crash) return the same subscription.
 */
export async function createIncompleteSubscription(
  client: Stripe,
  input: { customerId: string; priceId: string; metadata: Record<string, string>; trialDays?: number | null; promotionCodeId?: string | null; automaticTax?: boolean },
  idempotencyKey: string,
): Promise<PortalSubscription> {
  try {
    const sub = await client.subscriptions.create(
      {
        customer: input.customerId,
        items: [{ price: input.priceId }],
        // A trial's first invoice is $0: Stripe answers with a pending SetupIntent to collect the card.
        // Without a saved card by then, the subscription ends with the trial instead of going past_due.
        ...(input.trialDays ? { trial_period_days: input.trialDays, trial_settings: { end_behavior: { missing_payment_method: "cancel" as const } } } : {}),
        payment_behavior: "default_incomplete",
        payment_settings: { save_default_payment_method: "on_subscription" },
        // Stripe checks the code again (active, not expired, not used up) and discounts the invoices.
        ...(input.promotionCodeId ? { discounts: [{ promotion_code: input.promotionCodeId }] } : {}),
        // Stripe Tax (the tenant's switch): every invoice of the subscription is taxed by the customer's address.
        ...(input.automaticTax ? { automatic_tax: { enabled: true } } : {}),
        expand: EXPAND,
        metadata: input.promotionCodeId ? { ...input.metadata, [PROMOTION_METADATA_KEY]: input.promotionCodeId } : input.metadata,
      },
      { idempotencyKey },
    );
    return toPortalSubscription(sub);
  } catch (error) {
    stripeFailure(error, "subscriptions.create");
  }
}

export async function retrieveSubscription(client: Stripe, id: string): Promise<PortalSubscription> {
  try {
    return toPortalSubscription(await client.subscriptions.retrieve(id, { expand: EXPAND }));
  } catch (error) {
    stripeFailure(error, "subscriptions.retrieve");
  }
}

export async function setCancelAtPeriodEnd(client: Stripe, id: string, cancel: boolean): Promise<PortalSubscription> {
  try {
    return toPortalSubscription(await client.subscriptions.update(id, { cancel_at_period_end: cancel, expand: EXPAND }));
  } catch (error) {
    stripeFailure(error, "subscriptions.update");
  }
}

/**
 * Plan change. `always_invoice`: prorations invoiced (and charged to the saved card) at once;
 * `none`: the new price applies from the next renewal, nothing is charged or credited now.
 */
export async function changeSubscriptionPrice(
  client: Stripe,
  id: string,
  input: { itemId: string; priceId: string; prorationDate?: number; prorationBehavior: "always_invoice" | "none" },
): Promise<PortalSubscription> {
  try {
    const sub = await client.subscriptions.update(id, {
      items: [{ id: input.itemId, price: input.priceId }],
      proration_behavior: input.prorationBehavior,
      ...(input.prorationDate && input.prorationBehavior !== "none" ? { proration_date: input.prorationDate } : {}),
      expand: EXPAND,
    });
    return toPortalSubscription(sub);
  } catch (error) {
    stripeFailure(error, "subscriptions.update");
  }
}

/** The card the subscription renews on (its `default_payment_method`; the customer's default is left alone). */
export async function setSubscriptionPaymentMethod(client: Stripe, id: string, paymentMethodId: string): Promise<PortalSubscription> {
  try {
    return toPortalSubscription(await client.subscriptions.update(id, { default_payment_method: paymentMethodId, expand: EXPAND }));
  } catch (error) {
    stripeFailure(error, "subscriptions.update");
  }
}

export async function cancelSubscriptionNow(client: Stripe, id: string): Promise<PortalSubscription> {
  try {
    return toPortalSubscription(await client.subscriptions.cancel(id, { expand: EXPAND }));
  } catch (error) {
    stripeFailure(error, "subscriptions.cancel");
  }
}

/** What the member would pay now for switching price (proration), without changing anything. */
export async function previewPriceChange(
  client: Stripe,
  id: string,
  input: { itemId: string; priceId: string; prorationDate: number },
): Promise<{ amountDue: number; currency: string; lines: { description: string; amount: number; stripePriceId: string | null; proration: boolean }[] }> {
  try {
    const preview = await client.invoices.createPreview({
      subscription: id,
      subscription_details: { items: [{ id: input.itemId, price: input.priceId }], proration_behavior: "always_invoice", proration_date: input.prorationDate },
    });
    return {
      amountDue: preview.amount_due,
      currency: preview.currency,
      lines: preview.lines.data.map((l) => ({
        description: l.description ?? "",
        amount: l.amount,
        stripePriceId: idOf(l.pricing?.price_details?.price),
        proration: l.parent?.subscription_item_details?.proration ?? l.parent?.invoice_item_details?.proration ?? false,
      })),
    };
  } catch (error) {
    stripeFailure(error, "invoices.createPreview");
  }
}

/** The card a subscription renews with: its own default, else the customer's invoice default. */
export async function retrieveRenewalCard(client: Stripe, id: string): Promise<{ brand: string; last4: string } | null> {
  try {
    const sub = await client.subscriptions.retrieve(id, { expand: ["default_payment_method", "customer.invoice_settings.default_payment_method"] });
    const customer = typeof sub.customer === "object" && !sub.customer.deleted ? sub.customer : null;
    const pm = sub.default_payment_method ?? customer?.invoice_settings.default_payment_method ?? null;
    if (!pm || typeof pm === "string" || !pm.card) return null;
    return { brand: pm.card.brand, last4: pm.card.last4 };
  } catch (error) {
    stripeFailure(error, "subscriptions.retrieve");
  }
}
