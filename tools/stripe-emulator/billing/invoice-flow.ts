// Invoice lifecycle: finalize (number, hosted URL, the PaymentIntent behind `confirmation_secret`,
// `payments`), pay (off-session with a saved card, or when the browser confirms the secret), fail,
// void, mark uncollectible. The stored invoice keeps its includable fields (`payments`,
// `confirmation_secret`); responses and events strip them (expand.ts). Paying through the
// PaymentIntent emits invoice_payment.paid, invoice.paid, invoice.payment_succeeded in one second.
// Subscription side effects of a paid/failed invoice live here too, so the browser path and the
// test-clock path emit the same events in the same order as Stripe.
import type Stripe from 'stripe';
import { snapshot, type RequestContext } from '../context';
import { invalidRequest, StripeApiError } from '../errors';
import { newId, nowSeconds } from '../ids';
import { confirmPaymentIntent, intentHooks } from '../payment-flow';
import { attachPaymentMethod } from '../routes/payment-methods';
import { blankPaymentIntent } from '../payment-intent-object';
import { afterFailedRenewalAttempt } from './dunning';
import { billingOf, clockNow } from './state';
import type { StoredInvoice } from './invoice-objects';
import type { AccountState } from '../store';

/** Invoices whose first payment should save the card on the subscription (save_default_payment_method). */
const saveDefaultOnPay = new WeakSet<StoredInvoice>();

export function markSaveDefault(invoice: StoredInvoice): void {
  saveDefaultOnPay.add(invoice);
}

function customerIdOf(invoice: Stripe.Invoice): string {
  return typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? '');
}

export function subscriptionOf(ctx: RequestContext, invoice: Stripe.Invoice): Stripe.Subscription | undefined {
  const ref = invoice.parent?.subscription_details?.subscription;
  const id = typeof ref === 'string' ? ref : ref?.id;
  return id ? billingOf(ctx.state).subscriptions.get(id) : undefined;
}

function newPaymentIntent(ctx: RequestContext, invoice: StoredInvoice, saveCard: boolean): Stripe.PaymentIntent {
  const pi = blankPaymentIntent(ctx, {
    amount: invoice.amount_due,
    currency: invoice.currency,
    created: clockNow(ctx.state),
    customer: customerIdOf(invoice),
    description: invoice.billing_reason === 'subscription_create' ? 'Subscription creation' : invoice.billing_reason === 'manual' ? null : 'Subscription update',
  });
  if (saveCard) pi.setup_future_usage = 'off_session';
  ctx.state.paymentIntents.set(pi.id, pi);
  invoiceByIntent.set(pi, invoice);
  ctx.emit('payment_intent.created', pi);
  return pi;
}

const invoiceByIntent = new WeakMap<Stripe.PaymentIntent, StoredInvoice>();

export function invoiceForIntent(pi: Stripe.PaymentIntent): StoredInvoice | undefined {
  return invoiceByIntent.get(pi);
}

function invoicePayment(ctx: RequestContext, invoice: StoredInvoice, pi: Stripe.PaymentIntent): Stripe.InvoicePayment {
  return {
    id: newId('inpay'),
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: invoice.amount_due,
    created: clockNow(ctx.state),
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: ctx.livemode,
    payment: { type: 'payment_intent', payment_intent: pi.id },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  };
}

/** draft → open (or straight to paid when nothing is due). Emits invoice.finalized. */
export function finalizeInvoice(ctx: RequestContext, invoice: StoredInvoice, opts: { saveCard?: boolean } = {}): StoredInvoice {
  if (invoice.status !== 'draft') {
    throw invalidRequest(`This invoice is already finalized, you can't re-finalize a non-draft invoice.`, { code: 'invoice_not_editable' });
  }
  const b = billingOf(ctx.state);
  b.invoiceCounter += 1;
  const now = clockNow(ctx.state);
  invoice.number = `${ctx.state.record.id.slice(-8).toUpperCase()}-${String(b.invoiceCounter).padStart(4, '0')}`;
  invoice.status = 'open';
  invoice.effective_at = now;
  invoice.status_transitions.finalized_at = now;
  invoice.hosted_invoice_url = `${ctx.baseUrl}/_emulator/hosted/invoices/${invoice.id}`;
  invoice.invoice_pdf = `${ctx.baseUrl}/_emulator/hosted/invoices/${invoice.id}/pdf`;
  if (invoice.collection_method === 'send_invoice' && invoice.due_date === null) invoice.due_date = now + 30 * 86400;
  if (invoice.amount_due > 0) {
    const pi = newPaymentIntent(ctx, invoice, opts.saveCard ?? false);
    invoice.confirmation_secret = { client_secret: pi.client_secret ?? '', type: 'payment_intent' };
    invoice.payments = { object: 'list', data: [invoicePayment(ctx, invoice, pi)], has_more: false, url: invoice.payments?.url ?? '' };
    if (opts.saveCard) saveDefaultOnPay.add(invoice);
  }
  ctx.emit('invoice.finalized', invoice);
  if (invoice.amount_due === 0) markInvoicePaid(ctx, invoice, null);
  return invoice;
}

const idOf = (ref: string | { id: string } | null | undefined): string | undefined => (typeof ref === 'string' ? ref : ref?.id);

function currentIntent(ctx: RequestContext, invoice: StoredInvoice): Stripe.PaymentIntent | undefined {
  const id = idOf(invoice.payments?.data[0]?.payment.payment_intent);
  return id ? ctx.state.paymentIntents.get(id) : undefined;
}

/** Charges a saved card off-session (renewals, /pay). Returns whether the invoice got paid. */
export function chargeInvoice(ctx: RequestContext, invoice: StoredInvoice, paymentMethodId: string | null): boolean {
  if (invoice.status !== 'open') throw invalidRequest(`Invoice is already ${invoice.status}.`, { code: 'invoice_not_open' });
  const pi = currentIntent(ctx, invoice);
  if (!pi) return false;
  if (!paymentMethodId) {
    failInvoice(ctx, invoice, 'The invoice has no payment method to charge.');
    return false;
  }
  const saved = ctx.params;
  try {
    ctx.params = { payment_method: paymentMethodId, off_session: 'true' };
    confirmPaymentIntent(ctx, pi, { offSessionAuthentication: 'requires_action' });
    if (pi.status === 'requires_action') invoiceNeedsAction(ctx, invoice);
    return invoice.status === 'paid';
  } catch (err) {
    if (!(err instanceof StripeApiError)) throw err;
    // The decline already emitted payment_intent.payment_failed (and our failure hook ran).
    return false;
  } finally {
    ctx.params = saved;
  }
}

function syncSubscriptionStatus(ctx: RequestContext, sub: Stripe.Subscription, status: Stripe.Subscription.Status, extra: Partial<Stripe.Subscription> = {}): void {
  const previous: Record<string, unknown> = {};
  if (sub.status !== status) {
    previous.status = sub.status;
    sub.status = status;
  }
  for (const [key, value] of Object.entries(extra) as [keyof Stripe.Subscription, unknown][]) {
    if (JSON.stringify(sub[key]) !== JSON.stringify(value)) {
      previous[key] = snapshot(sub[key]);
      Object.assign(sub, { [key]: value });
    }
  }
  if (Object.keys(previous).length > 0) ctx.emit('customer.subscription.updated', sub, previous);
}

export function markInvoicePaid(ctx: RequestContext, invoice: StoredInvoice, pi: Stripe.PaymentIntent | null): void {
  const now = clockNow(ctx.state);
  invoice.status = 'paid';
  invoice.attempted = true;
  if (pi) invoice.attempt_count += 1;
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.status_transitions.paid_at = now;
  invoice.next_payment_attempt = null;
  // One second for the whole group, in Stripe's order: the InvoicePayment first, then the invoice.
  const created = nowSeconds();
  const payment = pi ? invoice.payments?.data.find((p) => idOf(p.payment.payment_intent) === pi.id) : undefined;
  if (payment) {
    payment.status = 'paid';
    payment.amount_paid = invoice.amount_due;
    payment.status_transitions.paid_at = now;
    ctx.emit('invoice_payment.paid', payment, undefined, { created });
  }
  ctx.emit('invoice.paid', invoice, undefined, { created });
  ctx.emit('invoice.payment_succeeded', invoice, undefined, { created });
  const sub = subscriptionOf(ctx, invoice);
  if (!sub) return;
  const extra: Partial<Stripe.Subscription> = {};
  const pm = pi?.payment_method;
  // save_default_payment_method=on_subscription: any successful payment of the subscription's
  // invoices (e.g. "Pay now" with a new card after a failed renewal) becomes its default.
  const saves = saveDefaultOnPay.has(invoice) || sub.payment_settings?.save_default_payment_method === 'on_subscription';
  if (pm && saves) {
    const pmId = typeof pm === 'string' ? pm : pm.id;
    const saved = ctx.state.paymentMethods.get(pmId);
    if (saved && !saved.customer) attachPaymentMethod(ctx, saved, customerIdOf(invoice));
    extra.default_payment_method = pmId;
  }
  const reactivate = ['incomplete', 'past_due', 'unpaid'].includes(sub.status) && sub.latest_invoice === invoice.id;
  syncSubscriptionStatus(ctx, sub, reactivate ? 'active' : sub.status, extra);
}

/**
 * An off-session charge the bank wants authenticated (3-D Secure; the 4000 0027 6000 3184 card
 * always does): the invoice stays open with its PaymentIntent in requires_action, and Stripe sends
 * invoice.payment_failed ("The PaymentIntent status changes to requires_action") and
 * invoice.payment_action_required, so the integration asks the customer to confirm the payment.
 * Stripe's smart retries cannot authenticate, so no automatic retry is scheduled.
 */
function invoiceNeedsAction(ctx: RequestContext, invoice: StoredInvoice): void {
  invoice.attempted = true;
  invoice.attempt_count += 1;
  invoice.next_payment_attempt = null;
  ctx.emit('invoice.payment_failed', invoice);
  ctx.emit('invoice.payment_action_required', invoice);
  pastDueOnRenewalFailure(ctx, invoice);
}

/**
 * The running subscription whose latest invoice this is. A failed first payment leaves the
 * subscription incomplete and an unpaid one stays unpaid when a manual payment fails too; a failed
 * renewal of a running one makes it past_due.
 */
function renewalOf(ctx: RequestContext, invoice: StoredInvoice): Stripe.Subscription | undefined {
  const sub = subscriptionOf(ctx, invoice);
  return sub && ['active', 'trialing', 'past_due'].includes(sub.status) && sub.latest_invoice === invoice.id ? sub : undefined;
}

function pastDueOnRenewalFailure(ctx: RequestContext, invoice: StoredInvoice): void {
  const renewal = renewalOf(ctx, invoice);
  if (renewal) syncSubscriptionStatus(ctx, renewal, 'past_due');
}

export function failInvoice(ctx: RequestContext, invoice: StoredInvoice, _reason: string): void {
  invoice.attempted = true;
  invoice.attempt_count += 1;
  invoice.next_payment_attempt = clockNow(ctx.state) + 3 * 86400;
  const renewal = renewalOf(ctx, invoice);
  // With the account's retry settings the next attempt (or none, when retries are used up) is known now.
  const finalStep = renewal ? afterFailedRenewalAttempt(ctx, invoice, renewal, () => syncSubscriptionStatus(ctx, renewal, 'unpaid')) : null;
  ctx.emit('invoice.payment_failed', invoice);
  if (renewal) syncSubscriptionStatus(ctx, renewal, 'past_due');
  finalStep?.();
}

export function voidInvoice(ctx: RequestContext, invoice: StoredInvoice): StoredInvoice {
  if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
    throw invalidRequest(`You can only pass in open or uncollectible invoices. This invoice is ${invoice.status}.`, { code: 'invoice_not_open' });
  }
  invoice.status = 'void';
  invoice.status_transitions.voided_at = clockNow(ctx.state);
  invoice.amount_remaining = 0;
  const pi = currentIntent(ctx, invoice);
  if (pi && pi.status !== 'succeeded') {
    pi.status = 'canceled';
    pi.canceled_at = clockNow(ctx.state);
  }
  for (const payment of invoice.payments?.data ?? []) {
    if (payment.status !== 'open') continue;
    payment.status = 'canceled';
    payment.status_transitions.canceled_at = clockNow(ctx.state);
  }
  ctx.emit('invoice.voided', invoice);
  return invoice;
}

export type SavedInvoiceFlow = { saveDefault: string[]; invoiceByIntent: [string, string][] };

/** For persistence.ts: which invoices save the card when paid, and each invoice PaymentIntent's invoice. */
export function dumpInvoiceFlow(state: AccountState): SavedInvoiceFlow {
  const saved: SavedInvoiceFlow = { saveDefault: [], invoiceByIntent: [] };
  for (const invoice of billingOf(state).invoices.values()) {
    if (saveDefaultOnPay.has(invoice)) saved.saveDefault.push(invoice.id);
  }
  for (const pi of state.paymentIntents.values()) {
    const invoice = invoiceByIntent.get(pi);
    if (invoice) saved.invoiceByIntent.push([pi.id, invoice.id]);
  }
  return saved;
}

export function loadInvoiceFlow(state: AccountState, saved: SavedInvoiceFlow): void {
  const invoices = billingOf(state).invoices;
  for (const id of saved.saveDefault) {
    const invoice = invoices.get(id);
    if (invoice) saveDefaultOnPay.add(invoice);
  }
  for (const [piId, invoiceId] of saved.invoiceByIntent) {
    const pi = state.paymentIntents.get(piId);
    const invoice = invoices.get(invoiceId);
    if (pi && invoice) invoiceByIntent.set(pi, invoice);
  }
}

/** Hooked into the PaymentIntent confirm path (browser or off-session): settles the invoice. */
export function onIntentSucceeded(ctx: RequestContext, pi: Stripe.PaymentIntent): void {
  const invoice = invoiceByIntent.get(pi);
  if (invoice && invoice.status === 'open') markInvoicePaid(ctx, invoice, pi);
}

export function onIntentFailed(ctx: RequestContext, pi: Stripe.PaymentIntent): void {
  const invoice = invoiceByIntent.get(pi);
  if (invoice && invoice.status === 'open') failInvoice(ctx, invoice, pi.last_payment_error?.message ?? 'declined');
}

intentHooks.succeeded.push(onIntentSucceeded);
intentHooks.failed.push(onIntentFailed);
