// Charges are created by confirming a PaymentIntent (succeeded or failed); the API only reads them.
import type Stripe from 'stripe';
import type { CardOutcome } from '../cards';
import { route, type RequestContext, type Route } from '../context';
import { noSuch } from '../errors';
import { applyExpand } from '../expand';
import { optString } from '../form';
import { newId, nowSeconds, randomAlnum } from '../ids';
import { newestFirst, paginate } from '../lists';

type Decline = Extract<CardOutcome, { kind: 'decline' }>;

export function createCharge(ctx: RequestContext, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod, decline?: Decline): Stripe.Charge {
  const id = newId('ch');
  const card = pm.card;
  const charge: Stripe.Charge = {
    id,
    object: 'charge',
    amount: pi.amount,
    amount_captured: decline ? 0 : pi.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: decline ? null : newId('txn'),
    billing_details: pm.billing_details,
    calculated_statement_descriptor: ctx.state.record.name.toUpperCase().slice(0, 22),
    captured: !decline,
    created: nowSeconds(),
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline ? decline.code : null,
    failure_message: decline ? decline.message : null,
    fraud_details: {},
    livemode: ctx.livemode,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: decline ? 'declined_by_network' : 'approved_by_network',
      reason: decline ? (decline.declineCode ?? decline.code) : null,
      risk_level: 'normal',
      risk_score: 20,
      seller_message: decline ? `The bank returned the decline code \`${decline.declineCode ?? decline.code}\`.` : 'Payment complete.',
      type: decline ? 'issuer_declined' : 'authorized',
    },
    paid: !decline,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: card
      ? {
          type: 'card',
          card: {
            amount_authorized: decline ? null : pi.amount,
            authorization_code: decline ? null : randomAlnum(6).toUpperCase(),
            brand: card.brand,
            checks: card.checks,
            country: card.country,
            electronic_commerce_indicator: null,
            exp_month: card.exp_month,
            exp_year: card.exp_year,
            fingerprint: card.fingerprint ?? null,
            funding: card.funding,
            installments: null,
            last4: card.last4,
            mandate: null,
            network: card.brand,
            network_token: { used: false },
            network_transaction_id: randomAlnum(15),
            regulated_status: 'unregulated',
            three_d_secure: null,
            transaction_link_id: null,
            wallet: null,
          },
        }
      : null,
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: `${ctx.baseUrl}/_emulator/receipts/${id}`,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: decline ? 'failed' : 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
  ctx.state.charges.set(id, charge);
  ctx.emit(decline ? 'charge.failed' : 'charge.succeeded', charge);
  return charge;
}

export const chargeRoutes: Route[] = [
  route('GET', '/v1/charges/:id', (ctx, id) => {
    const charge = ctx.state.charges.get(id);
    if (!charge) throw noSuch('charge', id, 'id');
    return applyExpand(ctx.state, charge, ctx.params);
  }),
  route('GET', '/v1/charges', (ctx) => {
    const customer = optString(ctx.params, 'customer');
    const paymentIntent = optString(ctx.params, 'payment_intent');
    const items = newestFirst(ctx.state.charges).filter(
      (c) => (customer === undefined || c.customer === customer) && (paymentIntent === undefined || c.payment_intent === paymentIntent),
    );
    return applyExpand(ctx.state, paginate(items, ctx.params, '/v1/charges'), ctx.params);
  }),
];
