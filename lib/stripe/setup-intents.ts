import "server-only";
import Stripe from "stripe";
import { stripeFailure } from "./stripe-failure";

/** A SetupIntent to save a card for later, off-session payments. */
export async function createSetupIntent(client: Stripe, { customerId, metadata }: { customerId: string; metadata: Record<string, string> }): Promise<{ id: string; clientSecret: string }> {
  try {
    const si = await client.setupIntents.create({ customer: customerId, usage: "off_session", automatic_payment_methods: { enabled: true }, metadata });
    if (!si.client_secret) throw new Error("SetupIntent without client_secret");
    return { id: si.id, clientSecret: si.client_secret };
  } catch (error) {
    stripeFailure(error, "setup_intents.create");
  }
}

export async function detachPaymentMethod(client: Stripe, paymentMethodId: string): Promise<void> {
  try {
    await client.paymentMethods.detach(paymentMethodId);
  } catch (error) {
    stripeFailure(error, "payment_methods.detach");
  }
}

/**
 * Whose card this is, checked before acting on a card id that came from a caller: the customer id,
 * null when it is attached to nobody, undefined when this account has no such card.
 */
export async function getPaymentMethodCustomer(client: Stripe, paymentMethodId: string): Promise<string | null | undefined> {
  try {
    const pm = await client.paymentMethods.retrieve(paymentMethodId);
    return pm.customer == null ? null : typeof pm.customer === "string" ? pm.customer : pm.customer.id;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing") return undefined;
    stripeFailure(error, "payment_methods.retrieve");
  }
}

export type PortalSetupIntent = { id: string; status: Stripe.SetupIntent.Status; customerId: string | null; paymentMethodId: string | null; errorMessage: string | null };

/** The SetupIntent the browser came back with, read on the server (never trust the query string). */
export async function retrieveSetupIntent(client: Stripe, id: string): Promise<PortalSetupIntent | undefined> {
  try {
    const si = await client.setupIntents.retrieve(id);
    const idOf = (v: string | { id: string } | null) => (v == null ? null : typeof v === "string" ? v : v.id);
    return { id: si.id, status: si.status, customerId: idOf(si.customer), paymentMethodId: idOf(si.payment_method), errorMessage: si.last_setup_error?.message ?? null };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing") return undefined;
    stripeFailure(error, "setup_intents.retrieve");
  }
}
