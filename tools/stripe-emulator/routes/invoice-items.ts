// /v1/invoiceitems: a line added to a draft invoice (`invoice`) or left pending on the customer
// until an invoice includes it. Amount from `amount`, or a one-time price (`pricing[price]`, the
// 2025+ name, or legacy `price`) × quantity. Emits invoiceitem.created.
import Stripe from 'stripe';
import { route, type RequestContext, type Route } from '../context';
import { invalidRequest, missingParam, noSuch } from '../errors';
import { mergeMetadata, optInt, optNullableString, optObject, optString } from '../form';
import { newId } from '../ids';
import { newestFirst, paginate } from '../lists';
import { addLine, type LineInput } from '../billing/invoice-objects';
import { billingOf, clockNow } from '../billing/state';
import { requireCustomer } from './customers';
import { catalogOf } from './products';
import type { AccountState } from '../store';

const lineInputs = new WeakMap<Stripe.InvoiceItem, LineInput>();

/** For persistence.ts: each pending item's line, by invoice item id. */
export function dumpLineInputs(state: AccountState): Map<string, LineInput> {
  const out = new Map<string, LineInput>();
  for (const [id, item] of billingOf(state).invoiceItems) {
    const line = lineInputs.get(item);
    if (line) out.set(id, line);
  }
  return out;
}

export function loadLineInputs(state: AccountState, saved: Map<string, LineInput>): void {
  for (const [id, line] of saved) {
    const item = billingOf(state).invoiceItems.get(id);
    if (item) lineInputs.set(item, line);
  }
}

function create(ctx: RequestContext): Stripe.InvoiceItem {
  const p = ctx.params;
  const customerId = optString(p, 'customer');
  if (!customerId) throw missingParam('customer');
  requireCustomer(ctx, customerId);
  const pricing = optObject(p, 'pricing');
  const priceId = (pricing ? optString(pricing, 'price') : undefined) ?? optString(p, 'price');
  const price = priceId ? catalogOf(ctx.state).prices.get(priceId) : undefined;
  if (priceId && !price) throw noSuch('price', priceId, 'pricing[price]');
  const quantity = optInt(p, 'quantity') ?? 1;
  const amount = price ? (price.unit_amount ?? 0) * quantity : optInt(p, 'amount');
  if (amount === undefined) throw missingParam('amount');
  const currency = (price?.currency ?? optString(p, 'currency') ?? '').toLowerCase();
  if (!currency) throw missingParam('currency');
  const invoiceId = optString(p, 'invoice');
  const invoice = invoiceId ? billingOf(ctx.state).invoices.get(invoiceId) : undefined;
  if (invoiceId && !invoice) throw noSuch('invoice', invoiceId, 'invoice');
  if (invoice && invoice.status !== 'draft') throw invalidRequest('You can only add invoice items to draft invoices.', { param: 'invoice', code: 'invoice_not_editable' });
  if (invoice && invoice.currency !== currency) throw invalidRequest('The currency of the invoice item must match the invoice.', { param: 'currency' });
  const now = clockNow(ctx.state);
  const item: Stripe.InvoiceItem = {
    id: newId('ii'),
    object: 'invoiceitem',
    amount,
    currency,
    customer: customerId,
    customer_account: null,
    date: now,
    description: optNullableString(p, 'description') ?? null,
    discountable: true,
    discounts: [],
    invoice: invoiceId ?? null,
    livemode: ctx.livemode,
    metadata: mergeMetadata({}, p),
    net_amount: amount,
    parent: null,
    period: { start: now, end: now },
    pricing: price ? { type: 'price_details', price_details: { price: price.id, product: typeof price.product === 'string' ? price.product : price.product.id }, unit_amount_decimal: null } : null,
    proration: false,
    quantity,
    // Serialises as a decimal string ("1"), as Stripe sends it.
    quantity_decimal: Stripe.Decimal.from(quantity),
    tax_rates: null,
    test_clock: null,
  };
  const line: LineInput = { amount, description: item.description ?? '', quantity, period: { start: now, end: now }, invoiceItem: item.id, ...(price ? { price } : {}) };
  lineInputs.set(item, line);
  billingOf(ctx.state).invoiceItems.set(item.id, item);
  if (invoice) addLine(ctx, invoice, line);
  ctx.emit('invoiceitem.created', item);
  return item;
}

/** Pending items of a customer, attached to a new invoice (pending_invoice_items_behavior=include). */
export function takePendingItems(ctx: RequestContext, customerId: string, invoiceId: string): LineInput[] {
  const lines: LineInput[] = [];
  for (const item of billingOf(ctx.state).invoiceItems.values()) {
    if (item.customer !== customerId || item.invoice) continue;
    item.invoice = invoiceId;
    const line = lineInputs.get(item);
    if (line) lines.push(line);
  }
  return lines;
}

function list(ctx: RequestContext): Stripe.ApiList<Stripe.InvoiceItem> {
  const customer = optString(ctx.params, 'customer');
  const invoice = optString(ctx.params, 'invoice');
  const items = newestFirst(billingOf(ctx.state).invoiceItems).filter((i) => (customer === undefined || i.customer === customer) && (invoice === undefined || i.invoice === invoice));
  return paginate(items, ctx.params, '/v1/invoiceitems');
}

export const invoiceItemRoutes: Route[] = [
  route('POST', '/v1/invoiceitems', create),
  route('GET', '/v1/invoiceitems', list),
  route('GET', '/v1/invoiceitems/:id', (ctx, id) => {
    const item = billingOf(ctx.state).invoiceItems.get(id);
    if (!item) throw noSuch('invoiceitem', id);
    return item;
  }),
];
