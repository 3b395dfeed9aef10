import type Stripe from 'stripe';
import type { RequestContext } from './context';
import { newId } from './ids';
import { clientSecretFor } from './store';

/**
 * A new PaymentIntent in `requires_payment_method`, with every field of the SDK type filled as
 * Stripe fills it. Used by `POST /v1/payment_intents` and by invoices that need one to be paid.
 */
export function blankPaymentIntent(
  ctx: RequestContext,
  init: { amount: number; currency: string; created: number; customer?: string | null; description?: string | null; automaticPaymentMethods?: boolean },
): Stripe.PaymentIntent {
  const id = newId('pi');
  return {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: init.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: { allow_redirects: 'always', enabled: init.automaticPaymentMethods ?? true },
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: clientSecretFor(id),
    confirmation_method: 'automatic',
    created: init.created,
    currency: init.currency,
    customer: init.customer ?? null,
    customer_account: null,
    description: init.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: ctx.livemode,
    managed_payments: null,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_group: null,
  };
}
