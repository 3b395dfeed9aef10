import "server-only";
import Stripe from "stripe";
import { stripeFailure } from "./stripe-failure";

/** The portal's view of a PaymentIntent: only what the app needs, no Stripe types past this folder. */
export type PortalPaymentIntent = {
  id: string;
  status: Stripe.PaymentIntent.Status;
  amount: number;
  amountReceived: number;
  currency: string;
  clientSecret: string | null;
  customerId: string | null;
  setupFutureUsage: string | null;
  lastError: CardDecline | null;
  metadata: Record<string, string>;
};

export type CardDecline = { code: string | null; declineCode: string | null; message: string };

function idOf(value: string | { id: string } | null): string | null {
  return value == null ? null : typeof value === "string" ? value : value.id;
}

export function toPortalPaymentIntent(pi: Stripe.PaymentIntent): PortalPaymentIntent {
  const err = pi.last_payment_error;
  return {
    id: pi.id,
    status: pi.status,
    amount: pi.amount,
    amountReceived: pi.amount_received,
    currency: pi.currency,
    clientSecret: pi.client_secret,
    customerId: idOf(pi.customer),
    setupFutureUsage: pi.setup_future_usage,
    lastError: err ? { code: err.code ?? null, declineCode: err.decline_code ?? null, message: err.message ?? "The payment failed." } : null,
    metadata: pi.metadata,
  };
}

export type CreateIntentInput = {
  amount: number;
  currency: string;
  customerId: string;
  description: string;
  metadata: Record<string, string>;
  saveCard: boolean;
  receiptEmail?: string | null;
  /** A Stripe Tax calculation whose `amount_total` is `amount`: Stripe records its tax with the payment. */
  taxCalculationId?: string | null;
};

/** Amount and currency come from the caller (the catalog); cards only via dynamic payment methods. */
export async function createPaymentIntent(client: Stripe, input: CreateIntentInput, idempotencyKey: string): Promise<PortalPaymentIntent> {
  try {
    const pi = await client.paymentIntents.create(
      {
        amount: input.amount,
        currency: input.currency,
        customer: input.customerId,
        description: input.description,
        metadata: input.metadata,
        automatic_payment_methods: { enabled: true },
        ...(input.saveCard ? { setup_future_usage: "off_session" as const } : {}),
        ...(input.receiptEmail ? { receipt_email: input.receiptEmail } : {}),
        ...(input.taxCalculationId ? { hooks: { inputs: { tax: { calculation: input.taxCalculationId } } } } : {}),
      },
      { idempotencyKey },
    );
    return toPortalPaymentIntent(pi);
  } catch (error) {
    stripeFailure(error, "payment_intents.create");
  }
}

export async function retrievePaymentIntent(client: Stripe, id: string): Promise<PortalPaymentIntent> {
  try {
    return toPortalPaymentIntent(await client.paymentIntents.retrieve(id));
  } catch (error) {
    stripeFailure(error, "payment_intents.retrieve");
  }
}

/** Saving the card is decided on the checkout page; the intent must say so before it is confirmed. */
export async function setIntentSaveCard(client: Stripe, id: string, saveCard: boolean): Promise<PortalPaymentIntent> {
  try {
    return toPortalPaymentIntent(await client.paymentIntents.update(id, { setup_future_usage: saveCard ? "off_session" : "" }));
  } catch (error) {
    stripeFailure(error, "payment_intents.update");
  }
}

export type ConfirmOutcome = { intent: PortalPaymentIntent; decline: CardDecline | null };

/**
 * Server-side confirmation with a saved card. A decline is an outcome, not an error: the caller
 * shows Stripe's message. 3-D Secure leaves the intent in requires_action for Stripe.js to finish
 * in the page (`handleNextAction`): that needs `use_stripe_sdk: true`, without which Stripe answers
 * a `redirect_to_url` next action that takes the member away to the return_url.
 */
export async function confirmWithPaymentMethod(client: Stripe, id: string, { paymentMethodId, returnUrl }: { paymentMethodId: string; returnUrl: string }): Promise<ConfirmOutcome> {
  try {
    const pi = await client.paymentIntents.confirm(id, { payment_method: paymentMethodId, return_url: returnUrl, use_stripe_sdk: true });
    return { intent: toPortalPaymentIntent(pi), decline: null };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeCardError) {
      const intent = await retrievePaymentIntent(client, id);
      return { intent, decline: { code: error.code ?? null, declineCode: error.decline_code ?? null, message: error.message } };
    }
    stripeFailure(error, "payment_intents.confirm");
  }
}
