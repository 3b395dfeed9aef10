import type Stripe from 'stripe';

/**
 * A new open Checkout Session with every field of the SDK type, filled as Stripe fills a session
 * created with one price and no optional features (no tax, promotion codes, shipping, consent…).
 * Optional fields (`return_url`) appear only when the session has them, as in Stripe's responses.
 */
export function openCheckoutSession(init: {
  id: string;
  livemode: boolean;
  created: number;
  mode: Stripe.Checkout.Session.Mode;
  uiMode: Stripe.Checkout.Session.UiMode;
  amount: number;
  currency: string;
  customer: string | null;
  clientReferenceId: string | null;
  clientSecret: string | null;
  metadata: Stripe.Metadata;
  successUrl: string | null;
  returnUrl: string | null;
  url: string | null;
}): Stripe.Checkout.Session {
  return {
    id: init.id,
    object: 'checkout.session',
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: init.amount,
    amount_total: init.amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: null,
    client_reference_id: init.clientReferenceId,
    client_secret: init.clientSecret,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: init.created,
    currency: init.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: init.customer,
    customer_account: null,
    // Stripe creates a customer in payment mode only when asked ("if_required" is the default).
    customer_creation: init.customer || init.mode === 'subscription' ? null : 'if_required',
    customer_details: null,
    customer_email: null,
    discounts: [],
    expires_at: init.created + 24 * 3600,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: init.livemode,
    locale: null,
    managed_payments: null,
    metadata: init.metadata,
    mode: init.mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'always',
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    permissions: null,
    recovered_from: null,
    ...(init.returnUrl ? { return_url: init.returnUrl } : {}),
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: init.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: init.uiMode,
    url: init.url,
    wallet_options: null,
  };
}
