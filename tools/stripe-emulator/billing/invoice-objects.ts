// Builders for Stripe-shaped invoices and invoice lines. Objects carry the fields the app and the
// SDK types rely on (2025+ shapes: `parent.subscription_details`, `payments`, `confirmation_secret`);
// rarely used nested fields are left out, hence the casts from partial literals.
import type Stripe from 'stripe';
import type { RequestContext } from '../context';
import { newId } from '../ids';
import { billingOf, clockNow } from './state';
import { enabledAutomaticTax, invoiceTaxes, requireTaxLocation } from './tax';

export type StoredInvoice = Stripe.Invoice & { id: string };

export interface LineInput {
  amount: number;
  description: string;
  price?: Stripe.Price;
  quantity?: number;
  period: { start: number; end: number };
  subscription?: string;
  subscriptionItem?: string;
  invoiceItem?: string;
  proration?: boolean;
}

export function buildLine(ctx: RequestContext, invoiceId: string, currency: string, input: LineInput): Stripe.InvoiceLineItem {
  const parent: Stripe.InvoiceLineItem.Parent = input.subscriptionItem
    ? {
        type: 'subscription_item_details',
        invoice_item_details: null,
        subscription_item_details: {
          invoice_item: input.invoiceItem ?? null,
          proration: input.proration ?? false,
          proration_details: null,
          subscription: input.subscription ?? null,
          subscription_item: input.subscriptionItem,
        },
      }
    : {
        type: 'invoice_item_details',
        subscription_item_details: null,
        invoice_item_details: {
          invoice_item: input.invoiceItem ?? '',
          proration: input.proration ?? false,
          proration_details: null,
          subscription: input.subscription ?? null,
        },
      };
  return {
    id: newId('il'),
    object: 'line_item',
    amount: input.amount,
    currency,
    description: input.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: ctx.livemode,
    metadata: {},
    parent,
    period: input.period,
    pretax_credit_amounts: [],
    pricing: input.price
      ? { type: 'price_details', price_details: { price: input.price.id, product: String(input.price.product) }, unit_amount_decimal: null }
      : null,
    quantity: input.quantity ?? 1,
    quantity_decimal: null,
    subscription: input.subscription ?? null,
    subtotal: input.amount,
    taxes: [],
  };
}

export function buildInvoice(
  ctx: RequestContext,
  init: {
    customer: Stripe.Customer;
    currency: string;
    subscription?: Stripe.Subscription;
    billingReason: Stripe.Invoice.BillingReason;
    collectionMethod?: Stripe.Invoice.CollectionMethod;
    dueDate?: number | null;
    description?: string | null;
    period?: { start: number; end: number };
    metadata?: Record<string, string>;
    /** Stripe Tax; a subscription's invoices follow the subscription's `automatic_tax`. */
    automaticTax?: boolean;
  },
): StoredInvoice {
  // Asked for on this invoice: refused without an address, as Stripe does. Inherited from a
  // subscription (renewals, previews): the invoice waits for location inputs instead.
  if (init.automaticTax) requireTaxLocation(init.customer);
  const automaticTax = init.automaticTax ?? init.subscription?.automatic_tax.enabled ?? false;
  const located = Boolean(init.customer.address?.country);
  const now = clockNow(ctx.state);
  const id = newId('in');
  const invoice: StoredInvoice = {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: ctx.state.record.name,
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: init.billingReason !== 'manual',
    automatic_tax: !automaticTax
      ? { disabled_reason: null, enabled: false, liability: null, provider: null, status: null }
      : located
        ? { disabled_reason: null, ...enabledAutomaticTax() }
        : { disabled_reason: 'finalization_requires_location_inputs', enabled: true, liability: { type: 'self' }, provider: 'stripe', status: 'requires_location_inputs' },
    issuer: { type: 'self' },
    automatically_finalizes_at: null,
    billing_reason: init.billingReason,
    collection_method: init.collectionMethod ?? 'charge_automatically',
    confirmation_secret: null,
    created: now,
    currency: init.currency,
    custom_fields: null,
    customer: init.customer.id,
    customer_account: null,
    customer_address: init.customer.address ?? null,
    customer_email: init.customer.email,
    customer_name: init.customer.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: init.description ?? null,
    discounts: [],
    due_date: init.dueDate ?? null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: ctx.livemode,
    metadata: init.metadata ?? {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: init.subscription
      ? { type: 'subscription_details', quote_details: null, subscription_details: { subscription: init.subscription.id, metadata: { ...init.subscription.metadata } } }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    payments: { object: 'list', data: [], has_more: false, url: `/v1/invoice_payments?invoice=${id}` },
    period_end: init.period?.end ?? now,
    period_start: init.period?.start ?? now,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: now,
  };
  billingOf(ctx.state).invoices.set(id, invoice);
  return invoice;
}

export function addLine(ctx: RequestContext, invoice: StoredInvoice, input: LineInput): void {
  invoice.lines.data.push(buildLine(ctx, invoice.id, invoice.currency, input));
  recomputeTotals(invoice);
}

export function recomputeTotals(invoice: StoredInvoice): void {
  const subtotal = invoice.lines.data.reduce((sum, l) => sum + l.amount, 0);
  const discounted = invoice.total_discount_amounts?.reduce((sum, d) => sum + d.amount, 0) ?? 0;
  const totalExcludingTax = subtotal - discounted;
  // Stripe Tax: exclusive tax on the discounted amount, by the invoice's customer address.
  const taxes = invoiceTaxes(invoice, totalExcludingTax);
  const total = totalExcludingTax + taxes.reduce((sum, t) => sum + t.amount, 0);
  invoice.subtotal = subtotal;
  invoice.subtotal_excluding_tax = subtotal;
  invoice.total = total;
  invoice.total_excluding_tax = totalExcludingTax;
  invoice.total_taxes = taxes;
  // A negative total (a proration credit) leaves nothing due; Stripe would credit the balance.
  invoice.amount_due = Math.max(0, total);
  invoice.amount_remaining = Math.max(0, total) - invoice.amount_paid;
}
