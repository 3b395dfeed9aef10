// /v1/payment_intents: create (optionally confirm), retrieve (client_secret for publishable keys),
// update, confirm, cancel, list, plus the emulator's `_authenticate` 3DS completion route.
import type Stripe from 'stripe';
import { route, type RequestContext, type Route } from '../context';
import { invalidRequest, missingParam } from '../errors';
import { applyExpand } from '../expand';
import { mergeMetadata, optBool, optInt, optNullableString, optObject, optString, type Params, optEnum } from '../form';
import { nowSeconds } from '../ids';
import { authOutcome, checkClientSecret, findForBrowser } from '../intents-common';
import { newestFirst, paginate } from '../lists';
import { authenticatePaymentIntent, confirmPaymentIntent } from '../payment-flow';
import { blankPaymentIntent } from '../payment-intent-object';
import { requireCustomer } from './customers';
import { requireTaxCalculation } from './tax-calculations';
import { requirePaymentMethod } from './payment-methods';

const MUTABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
const CANCELLATION_REASONS: readonly Stripe.PaymentIntent.CancellationReason[] = ['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'];

function validateAmount(p: Params, currency: string, required: boolean): number | undefined {
  const amount = optInt(p, 'amount');
  if (amount === undefined) {
    if (required) throw missingParam('amount');
    return undefined;
  }
  if (amount < 1) throw invalidRequest('This value must be greater than or equal to 1.', { param: 'amount' });
  if (currency === 'usd' && amount < 50) {
    throw invalidRequest('Amount must be at least $0.50 usd', { param: 'amount', code: 'amount_too_small' });
  }
  if (amount > 99_999_999) throw invalidRequest('Amount must be no more than $999,999.99', { param: 'amount', code: 'amount_too_large' });
  return amount;
}

function applyCommon(ctx: RequestContext, pi: Stripe.PaymentIntent): void {
  const p = ctx.params;
  const customer = optNullableString(p, 'customer');
  if (customer) requireCustomer(ctx, customer, 'customer');
  if (customer !== undefined) pi.customer = customer;
  const description = optNullableString(p, 'description');
  if (description !== undefined) pi.description = description;
  const receiptEmail = optNullableString(p, 'receipt_email');
  if (receiptEmail !== undefined) pi.receipt_email = receiptEmail;
  const sfu = optNullableString(p, 'setup_future_usage');
  if (sfu !== undefined) {
    if (sfu !== null && sfu !== 'on_session' && sfu !== 'off_session') throw invalidRequest(`Invalid setup_future_usage: ${sfu}`, { param: 'setup_future_usage' });
    pi.setup_future_usage = sfu;
  }
  const pm = optString(p, 'payment_method');
  if (pm) pi.payment_method = requirePaymentMethod(ctx, pm, 'payment_method').id;
  pi.metadata = mergeMetadata(pi.metadata, p);
  applyTaxHook(ctx, pi);
  for (const key of ['statement_descriptor', 'statement_descriptor_suffix'] as const) {
    const v = optNullableString(p, key);
    if (v !== undefined) pi[key] = v;
  }
}

/**
 * Stripe Tax on a PaymentIntent (`hooks[inputs][tax][calculation]`, `''` removes it): the intent
 * must charge exactly the calculation's total, in its currency, so the tax Stripe records is the
 * tax the customer paid.
 */
function applyTaxHook(ctx: RequestContext, pi: Stripe.PaymentIntent): void {
  const inputs = optObject(optObject(ctx.params, 'hooks') ?? {}, 'inputs');
  const tax = inputs ? optObject(inputs, 'tax') : undefined;
  const id = tax ? optNullableString(tax, 'calculation') : undefined;
  if (id === undefined) return;
  if (id === null) {
    pi.hooks = { inputs: {} };
    return;
  }
  const calculation = requireTaxCalculation(ctx, id, 'hooks[inputs][tax][calculation]');
  if (calculation.amount_total !== pi.amount || calculation.currency !== pi.currency) {
    throw invalidRequest(
      `The PaymentIntent amount (${pi.amount} ${pi.currency}) must equal the tax calculation's amount_total (${calculation.amount_total} ${calculation.currency}).`,
      { param: 'hooks[inputs][tax][calculation]' },
    );
  }
  pi.hooks = { inputs: { tax: { calculation: id } } };
}

function create(ctx: RequestContext): Stripe.PaymentIntent {
  const currency = (optString(ctx.params, 'currency') ?? '').toLowerCase();
  if (!currency) throw missingParam('currency');
  if (!/^[a-z]{3}$/.test(currency)) throw invalidRequest(`Invalid currency: ${currency}.`, { param: 'currency' });
  const amount = validateAmount(ctx.params, currency, true) ?? 0;
  const apm = optObject(ctx.params, 'automatic_payment_methods');
  const pi = blankPaymentIntent(ctx, { amount, currency, created: nowSeconds(), automaticPaymentMethods: apm ? optBool(apm, 'enabled') ?? true : true });
  applyCommon(ctx, pi);
  if (pi.payment_method) pi.status = 'requires_confirmation';
  ctx.state.paymentIntents.set(pi.id, pi);
  ctx.emit('payment_intent.created', pi);
  if (optBool(ctx.params, 'confirm')) confirmPaymentIntent(ctx, pi);
  return pi;
}

function requireIntent(ctx: RequestContext, id: string): Stripe.PaymentIntent {
  const pi = findForBrowser(ctx, ctx.state.paymentIntents, id, 'payment_intent');
  checkClientSecret(ctx, pi, 'PaymentIntent');
  return pi;
}

function update(ctx: RequestContext, id: string): Stripe.PaymentIntent {
  const pi = requireIntent(ctx, id);
  if (!MUTABLE.includes(pi.status)) {
    throw invalidRequest(`This PaymentIntent's status is ${pi.status}, so it can no longer be updated.`, { code: 'payment_intent_unexpected_state' });
  }
  const currency = optString(ctx.params, 'currency')?.toLowerCase();
  if (currency) pi.currency = currency;
  const amount = validateAmount(ctx.params, pi.currency, false);
  if (amount !== undefined) pi.amount = amount;
  applyCommon(ctx, pi);
  return pi;
}

function cancel(ctx: RequestContext, id: string): Stripe.PaymentIntent {
  const pi = requireIntent(ctx, id);
  if (!CANCELABLE.includes(pi.status)) {
    throw invalidRequest(
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
      { code: 'payment_intent_unexpected_state' },
    );
  }
  const reason = optEnum(ctx.params, 'cancellation_reason', CANCELLATION_REASONS);
  pi.status = 'canceled';
  pi.canceled_at = nowSeconds();
  pi.cancellation_reason = reason ?? null;
  pi.next_action = null;
  ctx.emit('payment_intent.canceled', pi);
  return pi;
}

function list(ctx: RequestContext): Stripe.ApiList<Stripe.PaymentIntent> {
  const customer = optString(ctx.params, 'customer');
  const items = newestFirst(ctx.state.paymentIntents).filter((pi) => customer === undefined || pi.customer === customer);
  return paginate(items, ctx.params, '/v1/payment_intents');
}

const expanded = (ctx: RequestContext, pi: Stripe.PaymentIntent) => applyExpand(ctx.state, pi, ctx.params);

export const paymentIntentRoutes: Route[] = [
  route('POST', '/v1/payment_intents', (ctx) => expanded(ctx, create(ctx))),
  route('GET', '/v1/payment_intents', (ctx) => applyExpand(ctx.state, list(ctx), ctx.params)),
  route('GET', '/v1/payment_intents/:id', (ctx, id) => expanded(ctx, requireIntent(ctx, id)), { publishable: true }),
  route('POST', '/v1/payment_intents/:id', (ctx, id) => expanded(ctx, update(ctx, id))),
  route('POST', '/v1/payment_intents/:id/confirm', (ctx, id) => expanded(ctx, confirmPaymentIntent(ctx, requireIntent(ctx, id))), {
    publishable: true,
  }),
  route('POST', '/v1/payment_intents/:id/cancel', (ctx, id) => expanded(ctx, cancel(ctx, id))),
  route('POST', '/v1/payment_intents/:id/_authenticate', (ctx, id) => authenticatePaymentIntent(ctx, requireIntent(ctx, id), authOutcome(ctx)), {
    publishable: true,
  }),
];
