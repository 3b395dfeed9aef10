// /v1/refunds: full or partial refunds of a succeeded charge (by payment_intent or charge). The
// charge's amount_refunded/refunded/refunds follow at once, with refund.created + charge.refunded; the
// refund itself is `pending` until it settles (core.refundSettleMs later), then `succeeded` with
// refund.updated, charge.refund.updated and charge.refunded (the charge's refunds list changed).
import type Stripe from 'stripe';
import { route, type RequestContext, type Route } from '../context';
import { invalidRequest, noSuch } from '../errors';
import { applyExpand } from '../expand';
import { mergeMetadata, optInt, optString, optEnum } from '../form';
import { newId, nowSeconds } from '../ids';
import { newestFirst, paginate } from '../lists';

const REASONS: readonly Stripe.Refund.Reason[] = ['duplicate', 'fraudulent', 'requested_by_customer'];

function money(amount: number, currency: string): string {
  return currency === 'usd' ? `$${(amount / 100).toFixed(2)}` : `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
}

function resolveCharge(ctx: RequestContext): Stripe.Charge {
  const chargeId = optString(ctx.params, 'charge');
  const piId = optString(ctx.params, 'payment_intent');
  if (chargeId) {
    const charge = ctx.state.charges.get(chargeId);
    if (!charge) throw noSuch('charge', chargeId, 'charge');
    return charge;
  }
  if (!piId) throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', { code: 'parameter_missing' });
  const pi = ctx.state.paymentIntents.get(piId);
  if (!pi) throw noSuch('payment_intent', piId, 'payment_intent');
  const charge = typeof pi.latest_charge === 'string' ? ctx.state.charges.get(pi.latest_charge) : undefined;
  if (pi.status !== 'succeeded' || !charge) {
    throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { param: 'payment_intent', code: 'charge_not_refundable' });
  }
  return charge;
}

function create(ctx: RequestContext): Stripe.Refund {
  const charge = resolveCharge(ctx);
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} has not succeeded and cannot be refunded.`, { code: 'charge_not_refundable' });
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  const amount = optInt(ctx.params, 'amount') ?? remaining;
  if (amount < 1) throw invalidRequest('Invalid positive integer', { param: 'amount' });
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${money(amount, charge.currency)}) is greater than unrefunded amount on charge (${money(remaining, charge.currency)})`,
      { param: 'amount', code: 'amount_too_large' },
    );
  }
  const reason = optEnum(ctx.params, 'reason', REASONS);
  const refund: Stripe.Refund = {
    id: newId('re'),
    object: 'refund',
    amount,
    balance_transaction: newId('txn'),
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: { type: 'card', card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' } },
    metadata: mergeMetadata({}, ctx.params),
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'pending',
    transfer_reversal: null,
  };
  ctx.state.refunds.set(refund.id, refund);
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  const existing = charge.refunds?.data ?? [];
  charge.refunds = { object: 'list', data: [refund, ...existing], has_more: false, url: `/v1/charges/${charge.id}/refunds` };
  ctx.emit('refund.created', refund);
  ctx.emit('charge.refunded', charge, previous);
  ctx.later(ctx.refundSettleMs, (later) => settle(later, refund, charge));
  return refund;
}

/** A pending refund succeeds: its events, and the charge's refunds list shows the new status. */
function settle(ctx: RequestContext, refund: Stripe.Refund, charge: Stripe.Charge): void {
  if (refund.status !== 'pending') return;
  refund.status = 'succeeded';
  ctx.emit('refund.updated', refund, { status: 'pending' });
  ctx.emit('charge.refund.updated', refund, { status: 'pending' });
  ctx.emit('charge.refunded', charge);
}


export const refundRoutes: Route[] = [
  route('POST', '/v1/refunds', (ctx) => applyExpand(ctx.state, create(ctx), ctx.params)),
  route('GET', '/v1/refunds/:id', (ctx, id) => {
    const refund = ctx.state.refunds.get(id);
    if (!refund) throw noSuch('refund', id, 'id');
    return applyExpand(ctx.state, refund, ctx.params);
  }),
  route('GET', '/v1/refunds', (ctx) => {
    const charge = optString(ctx.params, 'charge');
    const pi = optString(ctx.params, 'payment_intent');
    const items = newestFirst(ctx.state.refunds).filter((r) => (charge === undefined || r.charge === charge) && (pi === undefined || r.payment_intent === pi));
    return applyExpand(ctx.state, paginate(items, ctx.params, '/v1/refunds'), ctx.params);
  }),
  route('POST', '/v1/refunds/:id', (ctx, id) => {
    const refund = ctx.state.refunds.get(id);
    if (!refund) throw noSuch('refund', id, 'id');
    refund.metadata = mergeMetadata(refund.metadata ?? {}, ctx.params);
    return refund;
  }),
];

