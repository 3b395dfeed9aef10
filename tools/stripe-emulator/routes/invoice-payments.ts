// /v1/invoice_payments: list (by invoice, status, payment[type]/payment[payment_intent]) and
// retrieve. The InvoicePayments live inside their invoices (the includable `invoice.payments`); this
// is the other way Stripe offers to link an invoice to its PaymentIntent.
import type Stripe from 'stripe';
import { route, type RequestContext, type Route } from '../context';
import { noSuch } from '../errors';
import { applyExpand } from '../expand';
import { optObject, optString } from '../form';
import { newestFirst, paginate } from '../lists';
import { billingOf } from '../billing/state';

function allPayments(ctx: RequestContext): Stripe.InvoicePayment[] {
  return newestFirst(billingOf(ctx.state).invoices).flatMap((inv) => [...(inv.payments?.data ?? [])].reverse());
}

const idOf = (ref: string | { id: string } | null | undefined): string | undefined => (typeof ref === 'string' ? ref : ref?.id);

function list(ctx: RequestContext): Stripe.ApiList<Stripe.InvoicePayment> {
  const invoice = optString(ctx.params, 'invoice');
  const status = optString(ctx.params, 'status');
  const payment = optObject(ctx.params, 'payment');
  const type = payment ? optString(payment, 'type') : undefined;
  const paymentIntent = payment ? optString(payment, 'payment_intent') : undefined;
  const items = allPayments(ctx).filter(
    (p) =>
      (invoice === undefined || idOf(p.invoice) === invoice) &&
      (status === undefined || p.status === status) &&
      (type === undefined || p.payment.type === type) &&
      (paymentIntent === undefined || idOf(p.payment.payment_intent) === paymentIntent),
  );
  return paginate(items, ctx.params, '/v1/invoice_payments');
}

export const invoicePaymentRoutes: Route[] = [
  route('GET', '/v1/invoice_payments', (ctx) => applyExpand(ctx.state, list(ctx), ctx.params)),
  route('GET', '/v1/invoice_payments/:id', (ctx, id) => {
    const found = allPayments(ctx).find((p) => p.id === id);
    if (!found) throw noSuch('invoice_payment', id, 'id');
    return applyExpand(ctx.state, found, ctx.params);
  }),
];
