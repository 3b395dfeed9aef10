import "server-only";
import type Stripe from "stripe";
import { stripeFailure } from "./stripe-failure";

export type PortalCheckoutSession = {
  id: string;
  status: Stripe.Checkout.Session.Status | null;
  paymentStatus: Stripe.Checkout.Session.PaymentStatus;
  clientSecret: string | null;
  mode: Stripe.Checkout.Session.Mode;
  amountTotal: number | null;
  currency: string | null;
  metadata: Record<string, string>;
};

const view = (s: Stripe.Checkout.Session): PortalCheckoutSession => ({
  id: s.id,
  status: s.status,
  paymentStatus: s.payment_status,
  clientSecret: s.client_secret,
  mode: s.mode,
  amountTotal: s.amount_total,
  currency: s.currency,
  metadata: s.metadata ?? {},
});

/** Embedded Checkout (endive: `ui_mode: 'embedded_page'`, `return_url`, no cancel_url, no payment_method_types). */
export async function createEmbeddedCheckout(
  client: Stripe,
  input: { stripePriceId: string; mode: "payment" | "subscription"; customerId: string; returnUrl: string; metadata: Record<string, string>; automaticTax?: boolean },
  idempotencyKey: string,
): Promise<PortalCheckoutSession> {
  try {
    const session = await client.checkout.sessions.create(
      {
        ui_mode: "embedded_page",
        mode: input.mode,
        line_items: [{ price: input.stripePriceId, quantity: 1 }],
        customer: input.customerId,
        return_url: input.returnUrl,
        // Stripe's page offers a promotion-code field and shows the discount before paying; it
        // checks the tenant's codes (synced from the catalog) and counts their redemptions.
        allow_promotion_codes: true,
        metadata: input.metadata,
        // Stripe Tax (the tenant's switch). The page may ask for an address and saves it to the
        // customer, which Stripe requires when the customer has none yet.
        ...(input.automaticTax ? { automatic_tax: { enabled: true }, customer_update: { address: "auto" as const } } : {}),
      },
      { idempotencyKey },
    );
    return view(session);
  } catch (error) {
    stripeFailure(error, "checkout.sessions.create");
  }
}

export async function retrieveCheckout(client: Stripe, id: string): Promise<PortalCheckoutSession> {
  try {
    return view(await client.checkout.sessions.retrieve(id));
  } catch (error) {
    stripeFailure(error, "checkout.sessions.retrieve");
  }
}
