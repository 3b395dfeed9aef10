// /v1/invoices: create (draft, optionally pulling pending invoice items), update/delete drafts,
// finalize (→ open with `confirmation_secret` + `payments`), pay, send, void, mark_uncollectible,
// list/retrieve, lines, and create_preview (the proration preview for a subscription price change).
import type Stripe from 'stripe';
import { route, type RequestContext, type Route } from '../context';
import { invalidRequest, missingParam, noSuch } from '../errors';
import { applyExpand, registerExpandLookup } from '../expand';
import { mergeMetadata, optBool, optInt, optNullableString, optObject, optString, type Params, optEnum } from '../form';
import { newId } from '../ids';
import { newestFirst, paginate } from '../lists';
import { addLine, buildInvoice, type StoredInvoice } from '../billing/invoice-objects';
import { chargeInvoice, finalizeInvoice, voidInvoice } from '../billing/invoice-flow';
import { prorationLines } from '../billing/proration';
import { billingOf, clockNow } from '../billing/state';
import { automaticTaxRequested } from '../billing/tax';
import { takePendingItems } from './invoice-items';
import { requireCustomer } from './customers';
import { productNameOf } from './products';
import { customerIdOf, defaultPaymentMethodOf, requireRecurringPrice, requireSubscription } from './subscriptions';

const COLLECTION_METHODS: readonly Stripe.Invoice.CollectionMethod[] = ['charge_automatically', 'send_invoice'];

registerExpandLookup((state, id) => (id.startsWith('in_') ? billingOf(state).invoices.get(id) : undefined));

export function requireInvoice(ctx: RequestContext, id: string, param = 'id'): StoredInvoice {
  const invoice = billingOf(ctx.state).invoices.get(id);
  if (!invoice) throw noSuch('invoice', id, param);
  return invoice;
}

function requireDraft(invoice: StoredInvoice): void {
  if (invoice.status !== 'draft') throw invalidRequest(`You can only modify draft invoices. This invoice is ${invoice.status}.`, { code: 'invoice_not_editable' });
}

function create(ctx: RequestContext): StoredInvoice {
  const p = ctx.params;
  const customerId = optString(p, 'customer');
  if (!customerId) throw missingParam('customer');
  const customer = requireCustomer(ctx, customerId);
  const collection = optEnum(p, 'collection_method', COLLECTION_METHODS) ?? 'charge_automatically';
  const daysUntilDue = optInt(p, 'days_until_due');
  const dueDate = optInt(p, 'due_date') ?? (daysUntilDue !== undefined ? clockNow(ctx.state) + daysUntilDue * 86400 : null);
  if (collection === 'send_invoice' && dueDate === null) throw invalidRequest('Invoices with `collection_method=send_invoice` need `days_until_due` or `due_date`.', { param: 'days_until_due' });
  const invoice = buildInvoice(ctx, {
    customer,
    currency: (optString(p, 'currency') ?? 'usd').toLowerCase(),
    billingReason: 'manual',
    collectionMethod: collection,
    dueDate,
    description: optNullableString(p, 'description') ?? null,
    metadata: mergeMetadata({}, p),
    automaticTax: automaticTaxRequested(p),
  });
  invoice.auto_advance = optBool(p, 'auto_advance') ?? false;
  if ((optString(p, 'pending_invoice_items_behavior') ?? 'exclude') === 'include') {
    for (const item of takePendingItems(ctx, customer.id, invoice.id)) addLine(ctx, invoice, item);
  }
  ctx.emit('invoice.created', invoice);
  return invoice;
}

function update(ctx: RequestContext, id: string): StoredInvoice {
  const invoice = requireInvoice(ctx, id);
  const p = ctx.params;
  if (invoice.status !== 'draft' && Object.keys(p).some((k) => !['metadata', 'expand'].includes(k))) requireDraft(invoice);
  const description = optNullableString(p, 'description');
  if (description !== undefined) invoice.description = description;
  const dueDate = optInt(p, 'due_date');
  if (dueDate !== undefined) invoice.due_date = dueDate;
  invoice.metadata = mergeMetadata(invoice.metadata ?? {}, p);
  return invoice;
}

function remove(ctx: RequestContext, id: string) {
  const invoice = requireInvoice(ctx, id);
  requireDraft(invoice);
  billingOf(ctx.state).invoices.delete(id);
  ctx.emit('invoice.deleted', invoice);
  return { id, object: 'invoice', deleted: true };
}

function pay(ctx: RequestContext, id: string): StoredInvoice {
  const invoice = requireInvoice(ctx, id);
  if (invoice.status === 'draft') finalizeInvoice(ctx, invoice);
  if (invoice.status === 'paid') throw invalidRequest('Invoice is already paid', { code: 'invoice_already_paid' });
  const sub = (() => {
    const ref = invoice.parent?.subscription_details?.subscription;
    return ref ? requireSubscription(ctx, typeof ref === 'string' ? ref : ref.id) : undefined;
  })();
  const customer = ctx.state.customers.get(typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? ''));
  const customerDefault = customer?.invoice_settings.default_payment_method;
  const pm = optString(ctx.params, 'payment_method') ?? (sub ? defaultPaymentMethodOf(ctx, sub) : customerDefault ? (typeof customerDefault === 'string' ? customerDefault : customerDefault.id) : null);
  if (!chargeInvoice(ctx, invoice, pm)) {
    throw invalidRequest('The invoice payment failed: the card was declined or no payment method is on file.', { code: 'invoice_payment_intent_requires_action', status: 402 });
  }
  return invoice;
}

function markUncollectible(ctx: RequestContext, id: string): StoredInvoice {
  const invoice = requireInvoice(ctx, id);
  if (invoice.status !== 'open') throw invalidRequest(`You can only mark open invoices as uncollectible. This invoice is ${invoice.status}.`, { code: 'invoice_not_open' });
  invoice.status = 'uncollectible';
  invoice.status_transitions.marked_uncollectible_at = clockNow(ctx.state);
  ctx.emit('invoice.marked_uncollectible', invoice);
  return invoice;
}

/** "Send invoice": Stripe e-mails an open invoice to its customer and says so with invoice.sent. */
function sendInvoice(ctx: RequestContext, invoice: StoredInvoice): StoredInvoice {
  if (invoice.status !== 'open') throw invalidRequest(`You can only send an invoice that is open; this one is ${invoice.status}.`, { code: 'invoice_not_open' });
  ctx.emit('invoice.sent', invoice);
  return invoice;
}

function list(ctx: RequestContext): Stripe.ApiList<StoredInvoice> {
  const customer = optString(ctx.params, 'customer');
  const status = optString(ctx.params, 'status');
  const subscription = optString(ctx.params, 'subscription');
  const items = newestFirst(billingOf(ctx.state).invoices).filter((inv) => {
    const subRef = inv.parent?.subscription_details?.subscription;
    const subId = typeof subRef === 'string' ? subRef : subRef?.id;
    return (customer === undefined || inv.customer === customer) && (status === undefined || inv.status === status) && (subscription === undefined || subId === subscription);
  });
  return paginate(items, ctx.params, '/v1/invoices');
}

/** The proration preview for changing a subscription's price; nothing is stored or emitted. */
function createPreview(ctx: RequestContext): Stripe.Invoice {
  const p = ctx.params;
  const subId = optString(p, 'subscription');
  if (!subId) throw missingParam('subscription');
  const sub = requireSubscription(ctx, subId, 'subscription');
  const details: Params = optObject(p, 'subscription_details') ?? {};
  const items = details.items;
  const first = Array.isArray(items) && typeof items[0] === 'object' && !Array.isArray(items[0]) ? items[0] : undefined;
  const priceId = first ? optString(first, 'price') : undefined;
  if (!priceId) throw missingParam('subscription_details[items][0][price]');
  const itemId = first ? optString(first, 'id') : undefined;
  const item = itemId ? sub.items.data.find((i) => i.id === itemId) : sub.items.data[0];
  if (!item) throw invalidRequest(`No such subscription item: '${itemId ?? ''}'`, { param: 'subscription_details[items][0][id]', status: 404 });
  const price = requireRecurringPrice(ctx, priceId, 'subscription_details[items][0][price]');
  const at = optInt(details, 'proration_date') ?? clockNow(ctx.state);
  const customer = requireCustomer(ctx, customerIdOf(sub));
  const preview = buildInvoice(ctx, { customer, currency: sub.currency, subscription: sub, billingReason: 'upcoming' });
  billingOf(ctx.state).invoices.delete(preview.id);
  // A preview is never stored; Stripe gives it an id prefixed `upcoming_in` (Invoice.id in the SDK).
  preview.id = newId('upcoming_in');
  for (const line of prorationLines(item, price, at, sub.id, productNameOf(ctx))) addLine(ctx, preview, line);
  if (preview.parent?.subscription_details) preview.parent.subscription_details.subscription_proration_date = at;
  return preview;
}

const expanded = <T>(ctx: RequestContext, body: T) => applyExpand(ctx.state, body, ctx.params);

export const invoiceRoutes: Route[] = [
  route('POST', '/v1/invoices/create_preview', (ctx) => createPreview(ctx)),
  route('POST', '/v1/invoices', (ctx) => expanded(ctx, create(ctx))),
  route('GET', '/v1/invoices', (ctx) => expanded(ctx, list(ctx))),
  route('GET', '/v1/invoices/:id', (ctx, id) => expanded(ctx, requireInvoice(ctx, id))),
  route('GET', '/v1/invoices/:id/lines', (ctx, id) => paginate(requireInvoice(ctx, id).lines.data, ctx.params, `/v1/invoices/${id}/lines`)),
  route('POST', '/v1/invoices/:id', (ctx, id) => expanded(ctx, update(ctx, id))),
  route('DELETE', '/v1/invoices/:id', (ctx, id) => remove(ctx, id)),
  route('POST', '/v1/invoices/:id/finalize', (ctx, id) => expanded(ctx, finalizeInvoice(ctx, requireInvoice(ctx, id)))),
  route('POST', '/v1/invoices/:id/send', (ctx, id) => expanded(ctx, sendInvoice(ctx, requireInvoice(ctx, id)))),
  route('POST', '/v1/invoices/:id/pay', (ctx, id) => expanded(ctx, pay(ctx, id))),
  route('POST', '/v1/invoices/:id/void', (ctx, id) => expanded(ctx, voidInvoice(ctx, requireInvoice(ctx, id)))),
  route('POST', '/v1/invoices/:id/mark_uncollectible', (ctx, id) => expanded(ctx, markUncollectible(ctx, id))),
];
