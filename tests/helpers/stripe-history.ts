import Stripe from "stripe";
import { REFERRAL_BONUS_CREDITS, REFERRAL_MIN_FIRST_PURCHASE } from "@/lib/credits/rules";
import type { FetchableKind, FetchableObjects, LatestFetcher } from "@/lib/webhooks/context";
import { invoicePaymentObject } from "./webhooks";

/*
 * A deterministic generator of realistic Stripe event histories for ONE tenant, typed with the
 * stripe SDK's own types (stripe 23.1.0, API 2026-10-28.endive), plus what the webhook engine must
 * end with after projecting them (`expected`) and what a Stripe retrieve returns afterwards (`latest`).
 *
 * Facts of the endive API it follows (see /work/shared/STRIPE-NOTES.md):
 *  - subscription periods live on the items; invoice → subscription is
 *    `invoice.parent.subscription_details.subscription`;
 *  - an invoice's PaymentIntent is announced by `invoice_payment.paid` (object: InvoicePayment),
 *    never through `invoice.payments` (includable, so never in events nor in a plain retrieve);
 *  - `charge.refunds` is never in events; `charge.amount_refunded` grows with each refund;
 *  - `payment_method.detached` carries `customer: null` and `previous_attributes.customer`;
 *  - invoice.paid + invoice.payment_succeeded (+ invoice_payment.paid) arrive in one second.
 * Only event types a MemberPulse endpoint subscribes to (lib/webhooks/handled-events.ts) are
 * emitted, plus `invoice_payment.paid`, which the engine needs for the invoice → payment link.
 *
 * `expected` is a fold over the events in Stripe's order, written from the rules in the brief
 * (last snapshot wins; terminal states; amount_refunded = largest charge.amount_refunded; credit
 * rules of lib/credits), NOT from the engine's code. Every intermediate row is kept in `history`
 * so a comparison can tell a regression (an older state) from a plainly wrong value.
 */

export const API_VERSION = "2026-10-28.endive";
const DAY = 86_400;
const HOUR = 3_600;

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: small, fast, reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export class Rand {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** A Stripe-looking id: `cus_` + 14 characters, `evt_1` + 23… */
  id(prefix: string, length = 14): string {
    let s = prefix;
    for (let i = 0; i < length; i++) s += ALNUM[Math.floor(this.next() * ALNUM.length)];
    return s;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Types

type EventType = Stripe.Event.Type;
export type EventOf<T extends EventType> = Extract<Stripe.Event, { type: T }>;
type ObjectOf<T extends EventType> = EventOf<T>["data"]["object"];

/** A member of the tenant who may buy credit packages in the portal. */
export type PortalMember = { userId: string; referrerUserId?: string | null };
export type CreditPackage = { priceId: string; amount: number; credits: number };
export type Portal = { tenantId: string; members: PortalMember[]; packages: CreditPackage[]; referrers: string[] };

/** A row as the comparison sees it: column → JSON value (timestamps as unix seconds). */
export type Row = Record<string, string | number | boolean | null>;
export const TABLES = [
  "stripe_customers",
  "payment_methods",
  "payments",
  "refunds",
  "subscriptions",
  "subscription_items",
  "invoices",
  "billing_notices",
  "stripe_unmanaged_objects",
  "credit_ledger",
  "credit_balances",
] as const;
export type TableName = (typeof TABLES)[number];
export type ExpectedState = {
  /** Final row per key (only unresolved notices; balances only where non-zero). */
  tables: Record<TableName, Map<string, Row>>;
  /** Every row a key had along the way, oldest first (the final one last). */
  history: Record<TableName, Map<string, Row[]>>;
};

/** What a Stripe retrieve returns after the whole history; `null`: the object is deleted (404). */
export type LatestMap = Map<string, object | null>;

export type HistoryStats = {
  events: number;
  /** Groups of ≥ 2 events about one object in one second. */
  tieGroups: number;
  /** Events that are in such a group. */
  tieEvents: number;
  largestTieGroup: number;
  customers: number;
  byType: Record<string, number>;
};

export type StripeHistory = {
  seed: number;
  /** In Stripe's order (created, then the order Stripe produced them). */
  events: Stripe.Event[];
  latest: LatestMap;
  expected: ExpectedState;
  stats: HistoryStats;
};

// ---------------------------------------------------------------------------------------------
// Object builders: every required field of the SDK types, with realistic values.

const noAddress: Stripe.Address = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };

function customerObject(o: { id: string; created: number; email: string; name: string; prefix: string; metadata: Stripe.Metadata }): Stripe.Customer {
  return {
    id: o.id,
    object: "customer",
    address: null,
    balance: 0,
    created: o.created,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: o.email,
    invoice_prefix: o.prefix,
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: o.metadata,
    name: o.name,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
}

const CARDS = [
  { brand: "visa", last4: "4242" },
  { brand: "mastercard", last4: "4444" },
  { brand: "amex", last4: "8431" },
  { brand: "visa", last4: "0077" },
  { brand: "discover", last4: "1117" },
] as const;

function paymentMethodObject(o: { id: string; created: number; customer: string; name: string; email: string; brand: string; last4: string; expMonth: number; expYear: number; fingerprint: string }): Stripe.PaymentMethod {
  return {
    id: o.id,
    object: "payment_method",
    allow_redisplay: "always",
    billing_details: { address: { ...noAddress, country: "US", postal_code: "94107" }, email: o.email, name: o.name, phone: null, tax_id: null },
    card: {
      brand: o.brand,
      checks: { address_line1_check: null, address_postal_code_check: "pass", cvc_check: "pass" },
      country: "US",
      display_brand: o.brand,
      exp_month: o.expMonth,
      exp_year: o.expYear,
      fingerprint: o.fingerprint,
      funding: "credit",
      generated_from: null,
      last4: o.last4,
      networks: { available: [o.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: o.created,
    customer: o.customer,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: "card",
  };
}

function paymentIntentObject(o: {
  id: string;
  created: number;
  amount: number;
  customer: string | null;
  paymentMethod: string | null;
  description: string | null;
  metadata: Stripe.Metadata;
}): Stripe.PaymentIntent {
  return {
    id: o.id,
    object: "payment_intent",
    allowed_payment_method_types: null,
    amount: o.amount,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: { allow_redirects: "always", enabled: true },
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic_async",
    client_secret: `${o.id}_secret_${o.id.slice(3, 13)}`,
    confirmation_method: "automatic",
    created: o.created,
    currency: "usd",
    customer: o.customer,
    customer_account: null,
    description: o.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: o.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: o.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ["card"],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "requires_payment_method",
    transfer_group: null,
  };
}

function chargeObject(o: { id: string; created: number; amount: number; customer: string | null; paymentIntent: string; paymentMethod: string | null; status: Stripe.Charge.Status }): Stripe.Charge {
  const paid = o.status === "succeeded";
  return {
    id: o.id,
    object: "charge",
    amount: o.amount,
    amount_captured: paid ? o.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: paid ? `txn_${o.id.slice(3)}` : null,
    billing_details: { address: noAddress, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: "MEMBERPULSE",
    captured: paid,
    created: o.created,
    currency: "usd",
    customer: o.customer,
    description: null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: paid ? null : "card_declined",
    failure_message: paid ? null : "Your card has insufficient funds.",
    fraud_details: {},
    livemode: false,
    metadata: {},
    on_behalf_of: null,
    outcome: null,
    paid,
    payment_intent: o.paymentIntent,
    payment_method: o.paymentMethod,
    payment_method_details: null,
    receipt_email: null,
    receipt_number: null,
    receipt_url: paid ? `https://pay.stripe.com/receipts/${o.id}` : null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: o.status,
    transfer_data: null,
    transfer_group: null,
  };
}

function refundObject(o: { id: string; created: number; amount: number; charge: string; customer: string | null; paymentIntent: string; paymentMethod: string | null }): Stripe.Refund {
  return {
    id: o.id,
    object: "refund",
    amount: o.amount,
    balance_transaction: null,
    charge: o.charge,
    created: o.created,
    currency: "usd",
    customer: o.customer,
    customer_account: null,
    metadata: {},
    payment_intent: o.paymentIntent,
    payment_method: o.paymentMethod,
    reason: "requested_by_customer",
    receipt_number: null,
    source_transfer_reversal: null,
    status: "pending",
    transfer_reversal: null,
  };
}

function productObject(o: { id: string; created: number; name: string; metadata?: Stripe.Metadata }): Stripe.Product {
  return {
    id: o.id,
    object: "product",
    active: true,
    created: o.created,
    description: null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: o.metadata ?? {},
    name: o.name,
    package_dimensions: null,
    shippable: null,
    tax_details: null,
    type: "service",
    updated: o.created,
    url: null,
  };
}

type Interval = "week" | "month";

function priceObject(o: { id: string; created: number; product: string; amount: number; nickname: string | null; interval: Interval | null; metadata?: Stripe.Metadata }): Stripe.Price {
  return {
    id: o.id,
    object: "price",
    active: true,
    billing_scheme: "per_unit",
    created: o.created,
    currency: "usd",
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: o.metadata ?? {},
    nickname: o.nickname,
    product: o.product,
    recurring: o.interval ? { interval: o.interval, interval_count: 1, meter: null, trial_period_days: null, usage_type: "licensed" } : null,
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: o.interval ? "recurring" : "one_time",
    unit_amount: o.amount,
    unit_amount_decimal: null,
  };
}

function planOf(price: Stripe.Price): Stripe.Plan {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: null,
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? "month",
    interval_count: 1,
    livemode: false,
    metadata: {},
    meter: null,
    nickname: price.nickname,
    product: typeof price.product === "string" ? price.product : price.product.id,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}

function subscriptionItemObject(o: { id: string; created: number; subscription: string; price: Stripe.Price; quantity: number; start: number; end: number }): Stripe.SubscriptionItem {
  return {
    id: o.id,
    object: "subscription_item",
    billing_thresholds: null,
    created: o.created,
    current_period_end: o.end,
    current_period_start: o.start,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planOf(o.price),
    price: o.price,
    quantity: o.quantity,
    subscription: o.subscription,
    tax_rates: [],
  };
}

function subscriptionObject(o: { id: string; created: number; customer: string; items: Stripe.SubscriptionItem[]; paymentMethod: string | null }): Stripe.Subscription {
  return {
    id: o.id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: o.created,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: { proration_discounts: "included" }, type: "flexible", updated_at: o.created },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: "charge_automatically",
    created: o.created,
    currency: "usd",
    customer: o.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: o.paymentMethod,
    default_source: null,
    description: null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
    items: { object: "list", data: o.items, has_more: false, url: `/v1/subscription_items?subscription=${o.id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: {},
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "on_subscription" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: o.created,
    status: "incomplete",
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
    trial_start: null,
  };
}

function invoiceObject(o: {
  id: string;
  created: number;
  customer: Stripe.Customer;
  subscription: Stripe.Subscription;
  reason: Stripe.Invoice.BillingReason;
  periodStart: number;
  periodEnd: number;
}): Stripe.Invoice {
  const lines: Stripe.InvoiceLineItem[] = o.subscription.items.data.map((item) => {
    const amount = (item.price.unit_amount ?? 0) * (item.quantity ?? 1);
    return {
      id: `il_${item.id.slice(3)}${o.id.slice(-6)}`,
      object: "line_item",
      amount,
      currency: "usd",
      description: `${item.quantity ?? 1} × ${item.price.nickname ?? "Plan"} (at $${(item.price.unit_amount ?? 0) / 100} / ${item.price.recurring?.interval ?? "month"})`,
      discount_amounts: [],
      discountable: true,
      discounts: [],
      invoice: o.id,
      livemode: false,
      metadata: {},
      parent: {
        invoice_item_details: null,
        subscription_item_details: { invoice_item: null, proration: false, proration_details: { credited_items: null }, subscription: o.subscription.id, subscription_item: item.id },
        type: "subscription_item_details",
      },
      period: { start: item.current_period_start, end: item.current_period_end },
      pretax_credit_amounts: [],
      pricing: { price_details: { price: item.price.id, product: typeof item.price.product === "string" ? item.price.product : item.price.product.id }, type: "price_details", unit_amount_decimal: null },
      quantity: item.quantity ?? 1,
      quantity_decimal: null,
      subscription: o.subscription.id,
      subtotal: amount,
      taxes: [],
    };
  });
  const total = lines.reduce((s, l) => s + l.amount, 0);
  return {
    id: o.id,
    object: "invoice",
    account_country: "US",
    account_name: "MemberPulse Test Club",
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: o.created + HOUR,
    billing_reason: o.reason,
    collection_method: "charge_automatically",
    created: o.created,
    currency: "usd",
    custom_fields: null,
    customer: o.customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: o.customer.email,
    customer_name: o.customer.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${o.id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: { quote_details: null, subscription_details: { metadata: {}, subscription: o.subscription.id }, type: "subscription_details" },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: o.periodEnd,
    period_start: o.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}

// ---------------------------------------------------------------------------------------------
// The builder: emits events per object, in each object's own chronological order.

type Stamped = { event: Stripe.Event; seq: number };

const FIRST_NAMES = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim", "Margaret", "John", "Sophie", "Linus", "Hedy"];
const LAST_NAMES = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Berners-Lee", "Hamilton", "McCarthy", "Wilson", "Torvalds", "Lamarr"];

export type HistoryOptions = {
  seed: number;
  /** Stripe customers (default 60; plus 2 scripted corner cases). Portal members take the first ones. */
  customers?: number;
  /** Days of history, ending at `endAt` (default 60). */
  days?: number;
  /** The last second of the history (default: one minute ago, rounded down to the minute). */
  endAt?: number;
  /** Credit packages and members; without it no credit purchases are generated. */
  portal?: Portal;
  /** Products/prices created in the Stripe Dashboard (default customers / 10). */
  dashboardProducts?: number;
  /** Subscriptions (default true). */
  subscriptions?: boolean;
  /** Non-portal one-time payments (default true). */
  oneTimePayments?: boolean;
};

class HistoryBuilder {
  readonly r: Rand;
  private readonly stamped: Stamped[] = [];
  private seq = 0;
  private invoiceSeq = new Map<string, number>();
  readonly planPrices: Stripe.Price[];

  constructor(
    readonly seed: number,
    readonly start: number,
    readonly end: number,
  ) {
    this.r = new Rand(seed);
    // The portal's own plans: created by the portal's catalog sync long before the history starts
    // (their product/price events are not part of it).
    const t = start - 30 * DAY;
    const plans: [string, number, Interval][] = [
      ["Weekly Club", 900, "week"],
      ["Monthly Club", 2900, "month"],
      ["Monthly Club Plus", 4900, "month"],
      ["Weekly Locker", 300, "week"],
      ["Monthly Locker", 1200, "month"],
    ];
    this.planPrices = plans.map(([nickname, amount, interval]) =>
      priceObject({ id: this.r.id("price_", 24), created: t, product: this.r.id("prod_"), amount, nickname, interval }),
    );
  }

  emit<T extends EventType>(type: T, object: ObjectOf<T>, created: number, previous?: Record<string, unknown>): void {
    if (created > this.end) throw new Error(`generator bug: ${type} at ${created} is after the end of the history ${this.end}`);
    const event = {
      id: this.r.id("evt_1", 23),
      object: "event",
      api_version: API_VERSION,
      created,
      data: previous ? { object: structuredClone(object), previous_attributes: previous } : { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: this.r.chance(0.5) ? this.r.id("req_") : null, idempotency_key: null },
      type,
    } as unknown as EventOf<T>;
    this.stamped.push({ event, seq: this.seq++ });
  }

  nextInvoiceNumber(customer: Stripe.Customer): string {
    const n = (this.invoiceSeq.get(customer.id) ?? 0) + 1;
    this.invoiceSeq.set(customer.id, n);
    return `${customer.invoice_prefix}-${String(n).padStart(4, "0")}`;
  }

  /** Events in Stripe's order: by `created`, then in the order they were produced. */
  events(): Stripe.Event[] {
    return [...this.stamped].sort((a, b) => a.event.created - b.event.created || a.seq - b.seq).map((s) => s.event);
  }
}

// ---------------------------------------------------------------------------------------------
// Lifecycles

type CustomerCtx = {
  b: HistoryBuilder;
  customer: Stripe.Customer;
  /** No event of this customer after this second (deleted customers end early). */
  until: number;
  cards: Stripe.PaymentMethod[];
  member: PortalMember | null;
};

function attachCard(c: CustomerCtx, t: number, setDefault: boolean): Stripe.PaymentMethod {
  const { b } = c;
  const card = b.r.pick(CARDS);
  const pm = paymentMethodObject({
    id: b.r.id("pm_1", 23),
    created: t,
    customer: c.customer.id,
    name: c.customer.name ?? "",
    email: c.customer.email ?? "",
    brand: card.brand,
    last4: card.last4,
    expMonth: b.r.int(1, 12),
    expYear: b.r.int(2027, 2032),
    fingerprint: b.r.id(""),
  });
  b.emit("payment_method.attached", pm, t);
  c.cards.push(pm);
  if (setDefault) {
    const previous = c.customer.invoice_settings.default_payment_method;
    c.customer.invoice_settings.default_payment_method = pm.id;
    // Setting the default card is a customer.updated in the same second as the attach.
    b.emit("customer.updated", c.customer, t, { invoice_settings: { default_payment_method: previous } });
  }
  return pm;
}

function detachCard(c: CustomerCtx, pm: Stripe.PaymentMethod, t: number) {
  const owner = pm.customer;
  pm.customer = null;
  // As Stripe sends it: the object no longer names the customer; previous_attributes does.
  c.b.emit("payment_method.detached", pm, t, { customer: owner });
}

function activeCard(c: CustomerCtx): Stripe.PaymentMethod | null {
  return c.cards.filter((p) => p.customer !== null).at(-1) ?? null;
}

/** A charge of a PaymentIntent: failure first (sometimes), then success; returns the charge. */
function payIntent(c: CustomerCtx, pi: Stripe.PaymentIntent, t: number, fail: boolean): Stripe.Charge {
  const { b } = c;
  const pm = typeof pi.payment_method === "string" ? pi.payment_method : null;
  const charge = chargeObject({ id: b.r.id("ch_3", 23), created: t, amount: pi.amount, customer: typeof pi.customer === "string" ? pi.customer : null, paymentIntent: pi.id, paymentMethod: pm, status: fail ? "failed" : "succeeded" });
  pi.latest_charge = charge.id;
  if (fail) {
    pi.status = "requires_payment_method";
    pi.last_payment_error = {
      type: "card_error",
      code: "card_declined",
      decline_code: "insufficient_funds",
      message: "Your card has insufficient funds.",
      charge: charge.id,
      doc_url: "https://docs.stripe.com/error-codes/card-declined",
      payment_method: undefined,
    };
    b.emit("payment_intent.payment_failed", pi, t);
  } else {
    pi.status = "succeeded";
    pi.amount_received = pi.amount;
    pi.last_payment_error = null;
    b.emit("payment_intent.succeeded", pi, t);
  }
  return charge;
}

/**
 * Refunds of a paid charge: one refund of `amounts[0]`, later another of `amounts[1]`, … Each:
 * refund.created (pending) + charge.refunded (amount_refunded grown) in one second, then
 * refund.updated (succeeded) a little later — sometimes in the same second.
 */
function refundCharge(c: CustomerCtx, pi: Stripe.PaymentIntent, charge: Stripe.Charge, from: number, amounts: number[]): number {
  const { b } = c;
  let t = from;
  for (const amount of amounts) {
    t += b.r.int(HOUR, 5 * DAY);
    if (t + 60 > c.until) return t;
    const refund = refundObject({ id: b.r.id("re_3", 23), created: t, amount, charge: charge.id, customer: typeof pi.customer === "string" ? pi.customer : null, paymentIntent: pi.id, paymentMethod: charge.payment_method });
    b.emit("refund.created", refund, t);
    const before = charge.amount_refunded;
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    b.emit("charge.refunded", charge, t, { amount_refunded: before, refunded: false });
    const done = t + (b.r.chance(0.25) ? 0 : b.r.int(1, 40));
    refund.status = "succeeded";
    refund.balance_transaction = `txn_${refund.id.slice(3)}`;
    b.emit("refund.updated", refund, done, { status: "pending", balance_transaction: null });
    t = done;
  }
  return t;
}

/** How a paid amount gets refunded: none, partial, partial + rest, or all at once. */
function refundPlan(r: Rand, amount: number, p: { none: number; partial: number; partialThenFull: number }): number[] {
  const x = r.next();
  const part = Math.max(1, Math.floor((amount * r.int(10, 60)) / 100));
  if (x < p.none) return [];
  if (x < p.none + p.partial) return [part];
  if (x < p.none + p.partial + p.partialThenFull) return [part, amount - part];
  return [amount];
}

function oneTimePayment(c: CustomerCtx, t: number) {
  const { b } = c;
  const pm = activeCard(c);
  const pi = paymentIntentObject({ id: b.r.id("pi_3", 23), created: t, amount: b.r.pick([1500, 2500, 4000, 7500, 12000]), customer: c.customer.id, paymentMethod: pm?.id ?? null, description: b.r.pick(["Guest pass", "Workshop", "Merchandise", "Event ticket"]), metadata: {} });
  let at = t + b.r.int(5, 120);
  if (at > c.until) return;
  if (b.r.chance(0.3)) {
    payIntent(c, pi, at, true);
    at += b.r.int(20, 900);
    if (at > c.until) return;
  }
  const charge = payIntent(c, pi, at, false);
  refundCharge(c, pi, charge, at, refundPlan(b.r, pi.amount, { none: 0.6, partial: 0.15, partialThenFull: 0.15 }));
}

/** A portal credit purchase: the PaymentIntent carries the portal's metadata (lib/payments). */
function creditPurchase(c: CustomerCtx, portal: Portal, pkg: CreditPackage, t: number, refunds: number[] | "random", failFirst: boolean) {
  const { b } = c;
  const member = c.member!;
  const pi = paymentIntentObject({
    id: b.r.id("pi_3", 23),
    created: t,
    amount: pkg.amount,
    customer: c.customer.id,
    paymentMethod: activeCard(c)?.id ?? null,
    description: "Credit package",
    metadata: { memberpulse_tenant_id: portal.tenantId, memberpulse_user_id: member.userId, memberpulse_price_id: pkg.priceId },
  });
  let at = t + b.r.int(3, 60);
  if (at > c.until) return;
  if (failFirst) {
    payIntent(c, pi, at, true);
    at += b.r.int(20, 300);
    if (at > c.until) return;
  }
  const charge = payIntent(c, pi, at, false);
  const plan = refunds === "random" ? refundPlan(b.r, pkg.amount, { none: 0.55, partial: 0.2, partialThenFull: 0.15 }) : refunds;
  refundCharge(c, pi, charge, at, plan);
}

type SubFlags = { cancelEventually: boolean };

function subscriptionLifecycle(c: CustomerCtx, from: number, flags: SubFlags) {
  const { b } = c;
  const customer = c.customer;
  const interval: Interval = b.r.chance(0.6) ? "week" : "month";
  const prices = b.planPrices.filter((p) => p.recurring?.interval === interval);
  const periodLength = interval === "week" ? 7 * DAY : 30 * DAY;
  const subId = b.r.id("sub_1", 23);
  let periodStart = from;
  let periodEnd = from + periodLength;
  const items = [subscriptionItemObject({ id: b.r.id("si_"), created: from, subscription: subId, price: prices[0]!, quantity: 1, start: periodStart, end: periodEnd })];
  if (b.r.chance(0.15)) items.push(subscriptionItemObject({ id: b.r.id("si_"), created: from, subscription: subId, price: prices[1]!, quantity: b.r.int(1, 3), start: periodStart, end: periodEnd }));
  const sub = subscriptionObject({ id: subId, created: from, customer: customer.id, items, paymentMethod: null });
  const until = () => c.until;

  const newInvoice = (t: number, reason: Stripe.Invoice.BillingReason, ps: number, pe: number) => {
    const inv = invoiceObject({ id: b.r.id("in_1", 23), created: t, customer, subscription: sub, reason, periodStart: ps, periodEnd: pe });
    sub.latest_invoice = inv.id;
    return inv;
  };
  const finalize = (inv: Stripe.Invoice, t: number) => {
    inv.status = "open";
    inv.number = b.nextInvoiceNumber(customer);
    inv.status_transitions.finalized_at = t;
    inv.effective_at = t;
    inv.hosted_invoice_url = `https://invoice.stripe.com/i/acct_test/${inv.id}`;
    inv.automatically_finalizes_at = null;
    b.emit("invoice.finalized", inv, t);
  };
  const invoiceIntent = (inv: Stripe.Invoice, t: number, description: string) =>
    paymentIntentObject({ id: b.r.id("pi_3", 23), created: t, amount: inv.amount_due, customer: customer.id, paymentMethod: activeCard(c)?.id ?? null, description, metadata: {} });
  const failAttempt = (inv: Stripe.Invoice, pi: Stripe.PaymentIntent, t: number) => {
    payIntent(c, pi, t, true);
    inv.attempt_count += 1;
    inv.attempted = true;
    inv.next_payment_attempt = t + 2 * DAY;
    b.emit("invoice.payment_failed", inv, t);
  };
  /** invoice.paid + invoice.payment_succeeded + invoice_payment.paid: Stripe's same-second trio. */
  const paid = (inv: Stripe.Invoice, pi: Stripe.PaymentIntent, t: number) => {
    payIntent(c, pi, t, false);
    inv.attempt_count += 1;
    inv.attempted = true;
    inv.status = "paid";
    inv.amount_paid = inv.amount_due;
    inv.amount_remaining = 0;
    inv.next_payment_attempt = null;
    inv.status_transitions.paid_at = t;
    b.emit("invoice.paid", inv, t);
    b.emit("invoice.payment_succeeded", inv, t);
    b.emit("invoice_payment.paid", invoicePaymentObject({ id: b.r.id("inpay_1", 23), paidAt: t, invoice: inv.id!, paymentIntent: pi.id, amount: inv.amount_paid }), t);
  };
  const setStatus = (status: Stripe.Subscription.Status, t: number) => {
    const previous = sub.status;
    sub.status = status;
    b.emit("customer.subscription.updated", sub, t, { status: previous });
  };
  const cancel = (t: number, reason: Stripe.Subscription.CancellationDetails.Reason) => {
    sub.status = "canceled";
    sub.canceled_at ??= t;
    sub.ended_at = t;
    sub.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason };
    b.emit("customer.subscription.deleted", sub, t);
  };

  // Creation: default_incomplete; the first invoice is created and finalized in the same second.
  b.emit("customer.subscription.created", sub, from);
  const first = newInvoice(from, "subscription_create", from, from);
  b.emit("invoice.created", first, from);
  finalize(first, from);
  const firstPi = invoiceIntent(first, from, "Subscription creation");
  let t = from + b.r.int(4, 90);
  if (t > until()) return { sub, ended: false };
  if (b.r.chance(0.15)) {
    failAttempt(first, firstPi, t);
    t += b.r.int(30, 900);
    if (t > until()) return { sub, ended: false };
  }
  paid(first, firstPi, t);
  sub.default_payment_method = activeCard(c)?.id ?? null;
  if (b.r.chance(0.35)) {
    // Two updates of one subscription in one second: active, then the saved default card.
    setStatus("active", t);
    const pmPrev = sub.default_payment_method;
    sub.metadata = { ...sub.metadata, onboarding: "done" };
    b.emit("customer.subscription.updated", sub, t, { metadata: {}, default_payment_method: pmPrev });
  } else {
    setStatus("active", Math.min(t + b.r.int(0, 1), until()));
  }
  t += 1;

  // Renewals until the end of the history.
  for (;;) {
    // Something may happen during the period.
    const mid = periodStart + b.r.int(HOUR, Math.max(HOUR + 1, periodEnd - periodStart - HOUR));
    if (mid > t && mid < periodEnd && mid <= until() && sub.status !== "canceled") {
      const x = b.r.next();
      if (x < 0.06 && !sub.cancel_at_period_end) {
        sub.cancel_at_period_end = true;
        sub.cancel_at = periodEnd;
        sub.canceled_at = mid;
        sub.cancellation_details = { comment: null, feedback: b.r.pick(["too_expensive", "unused", null] as const), feedback_option: null, reason: "cancellation_requested" };
        b.emit("customer.subscription.updated", sub, mid, { cancel_at_period_end: false, cancel_at: null, canceled_at: null });
        if (b.r.chance(0.3) && mid + DAY < periodEnd && mid + DAY <= until()) {
          // Changed their mind.
          sub.cancel_at_period_end = false;
          sub.cancel_at = null;
          sub.canceled_at = null;
          sub.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: null };
          b.emit("customer.subscription.updated", sub, mid + DAY, { cancel_at_period_end: true });
        }
      } else if (x < 0.14) {
        // Two updates in the same second: a quantity change, then the admin's note.
        const item = sub.items.data[0]!;
        const q = item.quantity ?? 1;
        item.quantity = q + 1;
        b.emit("customer.subscription.updated", sub, mid, { items: { object: "list", data: [], has_more: false, url: "" } });
        sub.metadata = { ...sub.metadata, seats: String(q + 1) };
        b.emit("customer.subscription.updated", sub, mid, { metadata: {} });
      } else if (x < 0.18 && sub.items.data.length === 1) {
        // A second item added mid-period (flexible billing: its period starts now).
        const price = prices[1] ?? prices[0]!;
        sub.items.data.push(subscriptionItemObject({ id: b.r.id("si_"), created: mid, subscription: sub.id, price, quantity: 1, start: mid, end: periodEnd }));
        b.emit("customer.subscription.updated", sub, mid, { items: { object: "list", data: [], has_more: false, url: "" } });
      } else if (x < 0.2 && flags.cancelEventually) {
        cancel(mid, "cancellation_requested");
        return { sub, ended: true };
      }
    }

    if (periodEnd > until()) return { sub, ended: false };
    const T = periodEnd;
    if (sub.cancel_at_period_end) {
      cancel(T, "cancellation_requested");
      return { sub, ended: true };
    }
    // The renewal: periods move on (on every item), a new draft invoice in the same second.
    const prevStart = periodStart;
    periodStart = T;
    periodEnd = T + periodLength;
    for (const item of sub.items.data) {
      item.current_period_start = periodStart;
      item.current_period_end = periodEnd;
    }
    const inv = newInvoice(T, "subscription_cycle", prevStart, T);
    b.emit("customer.subscription.updated", sub, T, { latest_invoice: null, items: { object: "list", data: [], has_more: false, url: "" } });
    b.emit("invoice.created", inv, T);
    const tf = T + HOUR + b.r.int(0, 120);
    if (tf + 2 > until()) return { sub, ended: false };
    finalize(inv, tf);
    const pi = invoiceIntent(inv, tf, "Subscription update");
    // The automatic attempt right after finalizing: often in the very same second.
    let ta = tf + b.r.int(0, 2);
    if (!b.r.chance(0.22)) {
      paid(inv, pi, ta);
      if (sub.status !== "active") setStatus("active", ta);
      continue;
    }
    // A failed renewal: attempt 1 now (past_due), retries after 1 and 2 more days.
    failAttempt(inv, pi, ta);
    setStatus("past_due", ta);
    let settled = false;
    for (const gap of [DAY + b.r.int(0, 3_000), 2 * DAY + b.r.int(0, 3_000)]) {
      ta += gap;
      if (ta > until() || ta >= periodEnd - HOUR) break;
      if (inv.attempt_count >= 2 && b.r.chance(0.55)) {
        paid(inv, pi, ta);
        setStatus("active", ta);
        settled = true;
        break;
      }
      failAttempt(inv, pi, ta);
    }
    if (!settled && inv.attempt_count >= 3 && ta <= until() && flags.cancelEventually && b.r.chance(0.6)) {
      // All retries failed: the subscription is canceled and the invoice voided, in one second.
      const tv = Math.min(ta + b.r.int(0, 1), until());
      cancel(tv, "payment_failed");
      inv.status = "void";
      inv.status_transitions.voided_at = tv;
      inv.next_payment_attempt = null;
      b.emit("invoice.voided", inv, tv);
      return { sub, ended: true };
    }
    if (!settled && ta < periodEnd - HOUR && b.r.chance(0.5) && ta + 2 * DAY <= until()) {
      // Paid later by the member (Pay now) after the retries gave up.
      const tp = ta + b.r.int(HOUR, 2 * DAY);
      if (tp < periodEnd) {
        paid(inv, pi, tp);
        setStatus("active", tp);
      }
    }
    t = ta;
  }
}

function customerLifecycle(b: HistoryBuilder, index: number, opts: { portal: Portal | null; member: PortalMember | null; subscriptions: boolean; oneTime: boolean }) {
  const r = b.r;
  const first = r.pick(FIRST_NAMES);
  const last = r.pick(LAST_NAMES);
  const created = b.start + r.int(0, 20 * DAY);
  const metadata: Stripe.Metadata = opts.member ? { memberpulse_user_id: opts.member.userId } : {};
  const customer = customerObject({ id: r.id("cus_"), created, email: `${first}.${last}.${index}@example.test`.toLowerCase(), name: `${first} ${last}`, prefix: r.id("", 8).toUpperCase(), metadata });
  const deleted = !opts.member && r.chance(0.08);
  const c: CustomerCtx = { b, customer, until: deleted ? b.end - r.int(HOUR, 9 * DAY) : b.end, cards: [], member: opts.member };

  b.emit("customer.created", customer, created);
  if (r.chance(0.3)) {
    // customer.created + customer.updated in one second (the portal sets the name/phone right away).
    const prev = customer.phone;
    customer.phone = `+1415555${String(1000 + index).slice(-4)}`;
    b.emit("customer.updated", customer, created, { phone: prev });
  }
  attachCard(c, created + r.int(0, 120), r.chance(0.6));
  if (r.chance(0.3)) {
    const t = created + r.int(5 * DAY, 30 * DAY);
    if (t < c.until) {
      const old = activeCard(c);
      attachCard(c, t, true);
      if (old && r.chance(0.6)) detachCard(c, old, t + r.int(0, 5));
    }
  }
  for (const when of [r.int(DAY, 30 * DAY), r.int(20 * DAY, 50 * DAY)]) {
    if (!r.chance(0.35)) continue;
    const t = created + when;
    if (t >= c.until) continue;
    const prev = { email: customer.email, name: customer.name };
    if (r.chance(0.5)) customer.email = `${first}.${last}.${index}+${when % 97}@example.test`.toLowerCase();
    else customer.name = `${first} ${r.pick(LAST_NAMES)}`;
    b.emit("customer.updated", customer, t, prev);
  }

  if (opts.subscriptions && r.chance(0.75)) {
    subscriptionLifecycle(c, created + r.int(60, 3 * DAY), { cancelEventually: r.chance(0.5) });
    if (r.chance(0.15)) subscriptionLifecycle(c, created + r.int(10 * DAY, 25 * DAY), { cancelEventually: true });
  }
  if (opts.oneTime) {
    for (let i = r.int(0, 2); i > 0; i--) {
      const t = created + r.int(HOUR, 40 * DAY);
      if (t < c.until) oneTimePayment(c, t);
    }
  }
  if (opts.member && opts.portal) memberPurchases(c, opts.portal, opts.member);

  if (deleted) {
    // Deleting a customer cancels its subscriptions and detaches its cards, all in one second.
    const t = c.until;
    for (const sub of openSubscriptions(b, customer.id)) {
      sub.status = "canceled";
      sub.canceled_at = t;
      sub.ended_at = t;
      sub.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: "cancellation_requested" };
      b.emit("customer.subscription.deleted", sub, t);
    }
    for (const pm of c.cards) if (pm.customer) detachCard(c, pm, t);
    b.emit("customer.deleted", customer, t);
  }
}

/** The last snapshot of each of the customer's subscriptions that is not canceled yet. */
function openSubscriptions(b: HistoryBuilder, customerId: string): Stripe.Subscription[] {
  const last = new Map<string, Stripe.Subscription>();
  for (const e of b.events()) {
    if (e.type.startsWith("customer.subscription.")) {
      const sub = e.data.object as Stripe.Subscription;
      if (sub.customer === customerId) last.set(sub.id, structuredClone(sub));
    }
  }
  return [...last.values()].filter((s) => s.status !== "canceled" && s.status !== "incomplete_expired");
}

/**
 * A member's credit purchases. Referred members' purchases are chosen so that "the first purchase"
 * is the same whatever order the events arrive in (see the report): either exactly one purchase,
 * or several that all qualify and none of which is fully refunded.
 */
function memberPurchases(c: CustomerCtx, portal: Portal, member: PortalMember) {
  const { b } = c;
  const r = b.r;
  const qualifying = portal.packages.filter((p) => p.amount >= REFERRAL_MIN_FIRST_PURCHASE);
  const small = portal.packages.filter((p) => p.amount < REFERRAL_MIN_FIRST_PURCHASE);
  let t = c.customer.created + r.int(HOUR, 5 * DAY);
  if (member.referrerUserId) {
    const kind = r.next();
    if (kind < 0.55) {
      // One qualifying first purchase; sometimes refunded, partly or fully (→ bonuses reversed).
      const pkg = r.pick(qualifying);
      creditPurchase(c, portal, pkg, t, refundPlan(r, pkg.amount, { none: 0.5, partial: 0.2, partialThenFull: 0.15 }), r.chance(0.2));
    } else if (kind < 0.75 && small.length) {
      const pkg = r.pick(small);
      creditPurchase(c, portal, pkg, t, r.chance(0.3) ? [Math.floor(pkg.amount / 2)] : [], false);
    } else {
      // Two qualifying purchases, never fully refunded.
      creditPurchase(c, portal, r.pick(qualifying), t, [], false);
      t += r.int(2 * DAY, 15 * DAY);
      const pkg = r.pick(qualifying);
      if (t < c.until) creditPurchase(c, portal, pkg, t, r.chance(0.4) ? [Math.floor(pkg.amount / 3)] : [], false);
    }
    return;
  }
  for (let i = r.int(1, 3); i > 0; i--) {
    if (t >= c.until) return;
    creditPurchase(c, portal, r.pick(portal.packages), t, "random", r.chance(0.15));
    t += r.int(DAY, 12 * DAY);
  }
}

function dashboardCatalog(b: HistoryBuilder, count: number) {
  const r = b.r;
  const names = ["Summer Camp", "Gift Card", "Private Lesson", "Locker Rental", "Day Pass", "Tote Bag", "Parking", "Towel Service"];
  for (let i = 0; i < count; i++) {
    let t = b.start + r.int(0, 45 * DAY);
    const product = productObject({ id: r.id("prod_"), created: t, name: `${r.pick(names)} ${i + 1}` });
    b.emit("product.created", product, t);
    const prices: Stripe.Price[] = [];
    const withPrices = r.chance(0.7);
    if (withPrices) {
      for (let k = r.int(1, 2); k > 0; k--) {
        const price = priceObject({ id: r.id("price_", 24), created: t, product: product.id, amount: r.pick([500, 1500, 2000, 9900]), nickname: r.chance(0.5) ? r.pick(["Standard", "Member rate", "Early bird"]) : null, interval: r.chance(0.3) ? "month" : null });
        b.emit("price.created", price, t);
        prices.push(price);
      }
    }
    if (r.chance(0.5)) {
      t += r.int(60, 5 * DAY);
      const prev = product.name;
      product.name = `${prev} (new)`;
      product.updated = t;
      b.emit("product.updated", product, t, { name: prev });
      if (r.chance(0.4)) {
        // A second edit in the same second.
        product.description = "Edited in the Dashboard";
        b.emit("product.updated", product, t, { description: null });
      }
    }
    for (const price of prices) {
      if (!r.chance(0.4)) continue;
      t += r.int(60, 3 * DAY);
      if (r.chance(0.5)) {
        const prev = price.nickname;
        price.nickname = "Renamed";
        b.emit("price.updated", price, t, { nickname: prev });
      } else {
        price.active = false;
        b.emit("price.updated", price, t, { active: true });
      }
    }
    if (r.chance(0.3)) {
      t += r.int(60, 3 * DAY);
      product.active = false;
      product.updated = t;
      b.emit("product.updated", product, t, { active: true });
    }
    if (!withPrices && r.chance(0.6)) {
      // Only a product without prices can be deleted.
      t += r.int(60, 3 * DAY);
      b.emit("product.deleted", product, t);
    }
  }
}

/**
 * Scripted corner cases, so that every history has them whatever the seed:
 *  1. a customer created + updated in one second (a tie settled by a retrieve), renamed later, then
 *     deleted: its retrieve answers {deleted: true}, its fields are those of the customer.deleted payload;
 *  2. a card attached and detached in the same second (the retrieve says customer: null);
 *  3. a Dashboard product created, edited twice in one second, then deleted (its retrieve is a 404).
 */
function cornerCases(b: HistoryBuilder, firstIndex: number): number {
  const r = b.r;
  const t = b.start + 2 * DAY + r.int(0, HOUR);
  const doomed = customerObject({ id: r.id("cus_"), created: t, email: `corner.${firstIndex}@example.test`, name: "Corner Case", prefix: r.id("", 8).toUpperCase(), metadata: {} });
  const c1: CustomerCtx = { b, customer: doomed, until: b.end - DAY, cards: [], member: null };
  b.emit("customer.created", doomed, t);
  doomed.phone = "+14155550100";
  b.emit("customer.updated", doomed, t, { phone: null });
  const card = attachCard(c1, t + 30, true);
  const renamedAt = t + 5 * DAY;
  doomed.email = `corner.${firstIndex}+renamed@example.test`;
  doomed.name = "Corner Case Renamed";
  b.emit("customer.updated", doomed, renamedAt, { email: `corner.${firstIndex}@example.test`, name: "Corner Case" });
  detachCard(c1, card, c1.until);
  b.emit("customer.deleted", doomed, c1.until);

  const t2 = b.start + 3 * DAY + r.int(0, HOUR);
  const other = customerObject({ id: r.id("cus_"), created: t2, email: `corner.${firstIndex + 1}@example.test`, name: "Card Swapper", prefix: r.id("", 8).toUpperCase(), metadata: {} });
  const c2: CustomerCtx = { b, customer: other, until: b.end, cards: [], member: null };
  b.emit("customer.created", other, t2);
  const wrong = attachCard(c2, t2 + 60, false);
  detachCard(c2, wrong, t2 + 60);
  attachCard(c2, t2 + 61, true);

  const t3 = b.start + 4 * DAY + r.int(0, HOUR);
  const product = productObject({ id: r.id("prod_"), created: t3, name: "Pop-up Event" });
  b.emit("product.created", product, t3);
  product.name = "Pop-up Event (moved)";
  product.updated = t3 + 60;
  b.emit("product.updated", product, t3 + 60, { name: "Pop-up Event" });
  product.description = "Moved to the big hall";
  b.emit("product.updated", product, t3 + 60, { description: null });
  b.emit("product.deleted", product, t3 + DAY);
  return 2;
}

// ---------------------------------------------------------------------------------------------
// Public generators

function defaultEnd(): number {
  const now = Math.floor(Date.now() / 1000) - 60;
  return now - (now % 60);
}

/** The full history of one tenant's Stripe account (see the top of this file). */
export function generateStripeHistory(opts: HistoryOptions): StripeHistory {
  const days = opts.days ?? 60;
  const end = opts.endAt ?? defaultEnd();
  const b = new HistoryBuilder(opts.seed, end - days * DAY, end);
  const customers = opts.customers ?? 60;
  const members = opts.portal?.members ?? [];
  for (let i = 0; i < customers; i++) {
    const member = members[i] ?? null;
    customerLifecycle(b, i, { portal: opts.portal ?? null, member, subscriptions: opts.subscriptions ?? true, oneTime: opts.oneTimePayments ?? true });
  }
  const corner = cornerCases(b, customers);
  dashboardCatalog(b, opts.dashboardProducts ?? Math.ceil(customers / 10));
  return finish(b, opts.portal ?? null, customers + corner);
}

/**
 * Credit-package payments, each refunded (partly, partly then fully, or fully), for delivering a
 * payment's events all at once. One purchase per referred member (so "first" is unambiguous).
 */
export function generateCreditRefundRaces(opts: { seed: number; portal: Portal; payments: number; endAt?: number }): StripeHistory & { groups: Stripe.Event[][] } {
  const end = opts.endAt ?? defaultEnd();
  const b = new HistoryBuilder(opts.seed, end - 30 * DAY, end);
  const r = b.r;
  const plain = opts.portal.members.filter((m) => !m.referrerUserId);
  const referred = opts.portal.members.filter((m) => m.referrerUserId);
  const ctxOf = new Map<string, CustomerCtx>();
  const ctx = (m: PortalMember, i: number) => {
    let c = ctxOf.get(m.userId);
    if (!c) {
      const t = b.start + r.int(0, DAY);
      const customer = customerObject({ id: r.id("cus_"), created: t, email: `race-${i}@example.test`, name: `Race ${i}`, prefix: r.id("", 8).toUpperCase(), metadata: { memberpulse_user_id: m.userId } });
      c = { b, customer, until: end, cards: [], member: m };
      b.emit("customer.created", customer, t);
      attachCard(c, t + 1, false);
      ctxOf.set(m.userId, c);
    }
    return c;
  };
  for (let i = 0; i < opts.payments; i++) {
    const useReferred = i < referred.length;
    const m = useReferred ? referred[i]! : r.pick(plain);
    const c = ctx(m, i);
    const pkg = useReferred ? r.pick(opts.portal.packages.filter((p) => p.amount >= REFERRAL_MIN_FIRST_PURCHASE)) : r.pick(opts.portal.packages);
    const plan = refundPlan(r, pkg.amount, { none: 0, partial: 0.35, partialThenFull: 0.3 });
    creditPurchase(c, opts.portal, pkg, b.start + DAY + r.int(0, 8 * DAY), plan, r.chance(0.1));
  }
  const history = finish(b, opts.portal, ctxOf.size);
  const byPi = new Map<string, Stripe.Event[]>();
  for (const e of history.events) {
    const pi = paymentIntentOfEvent(e);
    if (pi) byPi.set(pi, [...(byPi.get(pi) ?? []), e]);
  }
  return { ...history, groups: [...byPi.values()] };
}

/**
 * `count` open invoices (one event each, a minute earlier) and, for each, Stripe's same-second
 * pair invoice.paid + invoice.payment_succeeded: 2 × count deliveries that all tie.
 */
export function generateInvoiceTies(opts: { seed: number; count: number; endAt?: number }): StripeHistory & { before: Stripe.Event[]; pairs: Stripe.Event[] } {
  const end = opts.endAt ?? defaultEnd();
  const b = new HistoryBuilder(opts.seed, end - DAY, end);
  const r = b.r;
  const t0 = end - 600;
  const t1 = end - 540;
  const pairs: Stripe.Event[] = [];
  for (let i = 0; i < opts.count; i++) {
    const customer = customerObject({ id: r.id("cus_"), created: t0 - DAY, email: `tie-${i}@example.test`, name: `Tie ${i}`, prefix: r.id("", 8).toUpperCase(), metadata: {} });
    const price = b.planPrices[i % b.planPrices.length]!;
    const subId = r.id("sub_1", 23);
    const sub = subscriptionObject({ id: subId, created: t0 - DAY, customer: customer.id, items: [subscriptionItemObject({ id: r.id("si_"), created: t0 - DAY, subscription: subId, price, quantity: 1, start: t0, end: t0 + 30 * DAY })], paymentMethod: null });
    const inv = invoiceObject({ id: r.id("in_1", 23), created: t0, customer, subscription: sub, reason: "subscription_cycle", periodStart: t0 - 30 * DAY, periodEnd: t0 });
    inv.status = "open";
    inv.number = b.nextInvoiceNumber(customer);
    inv.status_transitions.finalized_at = t0;
    b.emit("invoice.finalized", inv, t0);
    inv.status = "paid";
    inv.attempt_count = 1;
    inv.attempted = true;
    inv.amount_paid = inv.amount_due;
    inv.amount_remaining = 0;
    inv.status_transitions.paid_at = t1;
    b.emit("invoice.paid", inv, t1);
    b.emit("invoice.payment_succeeded", inv, t1);
  }
  const history = finish(b, null, opts.count);
  const before = history.events.filter((e) => e.created === t0);
  pairs.push(...history.events.filter((e) => e.created === t1));
  return { ...history, before, pairs };
}

function paymentIntentOfEvent(e: Stripe.Event): string | null {
  const o = e.data.object as { object?: string; id?: string; payment_intent?: unknown };
  if (o.object === "payment_intent") return o.id ?? null;
  if ((o.object === "refund" || o.object === "charge") && typeof o.payment_intent === "string") return o.payment_intent;
  return null;
}

// ---------------------------------------------------------------------------------------------
// The fold: expected state, latest objects and statistics from the events in Stripe's order.

function finish(b: HistoryBuilder, portal: Portal | null, customers: number): StripeHistory {
  const events = b.events();
  return { seed: b.seed, events, latest: latestOf(events), expected: expectedOf(events, portal), stats: statsOf(events, customers) };
}

function latestOf(events: Stripe.Event[]): LatestMap {
  const latest: LatestMap = new Map();
  for (const e of events) {
    const o = e.data.object as { id?: string; object?: string };
    if (!o.id) continue;
    if (e.type === "customer.deleted") latest.set(o.id, { id: o.id, object: "customer", deleted: true } satisfies Stripe.DeletedCustomer);
    else if (e.type === "product.deleted") latest.set(o.id, null);
    else latest.set(o.id, structuredClone(o));
  }
  return latest;
}

function statsOf(events: Stripe.Event[], customers: number): HistoryStats {
  const groups = new Map<string, number>();
  const byType: Record<string, number> = {};
  for (const e of events) {
    byType[e.type] = (byType[e.type] ?? 0) + 1;
    const id = (e.data.object as { id?: string }).id;
    const key = `${id}@${e.created}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  const ties = [...groups.values()].filter((n) => n >= 2);
  return { events: events.length, tieGroups: ties.length, tieEvents: ties.reduce((s, n) => s + n, 0), largestTieGroup: Math.max(0, ...ties), customers, byType };
}

const idOf = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === "string" ? v : v.id);

/** JSON with sorted keys, so metadata compares regardless of key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

class Fold {
  readonly tables = Object.fromEntries(TABLES.map((t) => [t, new Map<string, Row>()])) as Record<TableName, Map<string, Row>>;
  readonly history = Object.fromEntries(TABLES.map((t) => [t, new Map<string, Row[]>()])) as Record<TableName, Map<string, Row[]>>;

  set(table: TableName, key: string, row: Row) {
    this.tables[table].set(key, row);
    const h = this.history[table].get(key);
    if (h) h.push(row);
    else this.history[table].set(key, [row]);
  }
  get(table: TableName, key: string): Row | undefined {
    return this.tables[table].get(key);
  }
  delete(table: TableName, key: string) {
    this.tables[table].delete(key);
  }
}

const TERMINAL = {
  payments: ["succeeded", "canceled"],
  refunds: ["succeeded", "failed", "canceled"],
  subscriptions: ["canceled", "incomplete_expired"],
  invoices: ["paid", "void"],
} as const;

/** Last snapshot wins, except that a terminal status never changes (ordering.ts). */
function applies(existing: Row | undefined, table: keyof typeof TERMINAL, status: string | null): boolean {
  const current = existing?.status;
  return !(typeof current === "string" && (TERMINAL[table] as readonly string[]).includes(current) && current !== status);
}

function expectedOf(events: Stripe.Event[], portal: Portal | null): ExpectedState {
  const f = new Fold();
  const lastCustomerOfPm = new Map<string, string>();
  const refundedOfPi = new Map<string, number>();
  const piOfInvoice = new Map<string, string>();
  const subItems = new Map<string, string[]>();
  const failures = new Map<string, { attempt: number; row: Row }>();
  const invoiceStatus = new Map<string, string | null>();

  const paymentRow = (pi: Stripe.PaymentIntent): Row => ({
    status: pi.status,
    amount: pi.amount,
    amount_received: pi.amount_received,
    stripe_customer_id: idOf(pi.customer),
    stripe_charge_id: idOf(pi.latest_charge),
    amount_refunded: refundedOfPi.get(pi.id) ?? 0,
  });

  for (const e of events) {
    switch (e.type) {
      case "customer.created":
      case "customer.updated":
      case "customer.deleted": {
        const c = e.data.object;
        if (f.get("stripe_customers", c.id)?.deleted === true) break;
        f.set("stripe_customers", c.id, { email: c.email, name: c.name ?? null, metadata: canonicalJson(c.metadata), deleted: e.type === "customer.deleted" });
        break;
      }
      case "payment_method.attached":
      case "payment_method.detached": {
        const pm = e.data.object;
        const owner = idOf(pm.customer) ?? ((e.data.previous_attributes as { customer?: string } | undefined)?.customer ?? null);
        if (owner) lastCustomerOfPm.set(pm.id, owner);
        if (f.get("payment_methods", pm.id)?.detached === true) break;
        f.set("payment_methods", pm.id, {
          stripe_customer_id: lastCustomerOfPm.get(pm.id) ?? null,
          type: pm.type,
          card_brand: pm.card?.brand ?? null,
          card_last4: pm.card?.last4 ?? null,
          card_exp_month: pm.card?.exp_month ?? null,
          card_exp_year: pm.card?.exp_year ?? null,
          detached: pm.customer === null,
        });
        break;
      }
      case "payment_intent.succeeded":
      case "payment_intent.payment_failed":
      case "payment_intent.canceled":
      case "payment_intent.processing": {
        const pi = e.data.object;
        if (!applies(f.get("payments", pi.id), "payments", pi.status)) break;
        f.set("payments", pi.id, paymentRow(pi));
        break;
      }
      case "charge.refunded": {
        const ch = e.data.object;
        const pi = idOf(ch.payment_intent);
        if (!pi) break;
        refundedOfPi.set(pi, Math.max(refundedOfPi.get(pi) ?? 0, ch.amount_refunded));
        const row = f.get("payments", pi);
        f.set("payments", pi, row ? { ...row, amount_refunded: refundedOfPi.get(pi)! } : { status: null, amount: ch.amount, amount_received: 0, stripe_customer_id: idOf(ch.customer), stripe_charge_id: ch.id, amount_refunded: ch.amount_refunded });
        break;
      }
      case "refund.created":
      case "refund.updated":
      case "refund.failed": {
        const re = e.data.object;
        if (!applies(f.get("refunds", re.id), "refunds", re.status)) break;
        f.set("refunds", re.id, { status: re.status, amount: re.amount, stripe_payment_intent_id: idOf(re.payment_intent), stripe_charge_id: idOf(re.charge) });
        break;
      }
      case "customer.subscription.created":
      case "customer.subscription.updated":
      case "customer.subscription.deleted": {
        const sub = e.data.object;
        if (!applies(f.get("subscriptions", sub.id), "subscriptions", sub.status)) break;
        const items = sub.items.data;
        f.set("subscriptions", sub.id, {
          stripe_customer_id: idOf(sub.customer),
          status: sub.status,
          cancel_at_period_end: sub.cancel_at_period_end,
          current_period_start: items.length ? Math.min(...items.map((i) => i.current_period_start)) : null,
          current_period_end: items.length ? Math.max(...items.map((i) => i.current_period_end)) : null,
          stripe_latest_invoice_id: idOf(sub.latest_invoice),
          canceled_at: sub.canceled_at,
          ended_at: sub.ended_at,
        });
        for (const old of subItems.get(sub.id) ?? []) f.delete("subscription_items", old);
        subItems.set(sub.id, items.map((i) => i.id));
        for (const item of items) {
          f.set("subscription_items", item.id, {
            stripe_subscription_id: sub.id,
            stripe_price_id: item.price.id,
            quantity: item.quantity ?? null,
            current_period_start: item.current_period_start,
            current_period_end: item.current_period_end,
          });
        }
        break;
      }
      case "invoice_payment.paid": {
        const ip = e.data.object;
        const invoice = idOf(ip.invoice);
        const pi = idOf(ip.payment.payment_intent);
        if (!invoice || !pi) break;
        piOfInvoice.set(invoice, pi);
        const row = f.get("invoices", invoice);
        if (row) f.set("invoices", invoice, { ...row, stripe_payment_intent_id: pi });
        break;
      }
      case "invoice.created":
      case "invoice.finalized":
      case "invoice.paid":
      case "invoice.payment_succeeded":
      case "invoice.payment_failed":
      case "invoice.voided": {
        const inv = e.data.object;
        if (!inv.id) break;
        if (applies(f.get("invoices", inv.id), "invoices", inv.status)) {
          invoiceStatus.set(inv.id, inv.status);
          f.set("invoices", inv.id, {
            status: inv.status,
            number: inv.number,
            amount_due: inv.amount_due,
            amount_paid: inv.amount_paid,
            amount_remaining: inv.amount_remaining,
            stripe_customer_id: idOf(inv.customer),
            stripe_subscription_id: idOf(inv.parent?.subscription_details?.subscription),
            stripe_payment_intent_id: piOfInvoice.get(inv.id) ?? null,
          });
        }
        if (e.type === "invoice.payment_failed") {
          const row: Row = {
            message: inv.attempt_count > 1 ? `Payment failed ${inv.attempt_count} times.` : "The payment failed.",
            amount_due: inv.amount_remaining,
            stripe_customer_id: idOf(inv.customer),
            stripe_subscription_id: idOf(inv.parent?.subscription_details?.subscription),
          };
          const prev = failures.get(inv.id);
          if (!prev || inv.attempt_count >= prev.attempt) failures.set(inv.id, { attempt: inv.attempt_count, row });
          // Kept in the history so an older attempt's message reads as a regression.
          const h = f.history.billing_notices.get(inv.id);
          if (h) h.push(row);
          else f.history.billing_notices.set(inv.id, [row]);
        }
        break;
      }
      case "product.created":
      case "product.updated":
      case "product.deleted":
      case "price.created":
      case "price.updated": {
        const o = e.data.object;
        if (o.metadata?.memberpulse_tenant_id && portal && o.metadata.memberpulse_tenant_id === portal.tenantId) break;
        const label = o.object === "product" ? o.name : priceLabel(o);
        f.set("stripe_unmanaged_objects", o.id, { object_kind: o.object, label, active: e.type === "product.deleted" ? "deleted" : o.active ? "active" : "archived" });
        break;
      }
      default:
        break;
    }
  }
  // Unresolved notices: invoices that end open and had a failed payment.
  for (const [invoice, { row }] of failures) {
    if (invoiceStatus.get(invoice) === "open") f.tables.billing_notices.set(invoice, row);
  }
  if (portal) expectedCredits(f, events, portal);
  return { tables: f.tables, history: f.history };
}

function priceLabel(p: Stripe.Price): string {
  const amount = p.unit_amount != null ? `${p.unit_amount} ${p.currency.toUpperCase()}` : p.currency.toUpperCase();
  return p.nickname ? `${p.nickname} (${amount})` : amount;
}

/**
 * Credits from lib/credits' rules, in Stripe's order: a paid credit package grants its credits
 * once; each succeeded refund takes back floor(credits × refunded / paid); a referred member's
 * first purchase (by Stripe time) of at least REFERRAL_MIN_FIRST_PURCHASE pays both bonuses, and
 * both are reversed once that purchase is fully refunded.
 */
function expectedCredits(f: Fold, events: Stripe.Event[], portal: Portal) {
  const packages = new Map(portal.packages.map((p) => [p.priceId, p]));
  const members = new Map(portal.members.map((m) => [m.userId, m]));
  type Purchase = { userId: string; credits: number; paid: number; pi: string };
  const purchases = new Map<string, Purchase>();
  const firstPurchase = new Map<string, Purchase>();
  const refunds = new Map<string, { pi: string; amount: number }>();
  const balances = new Map<string, number>();
  const entry = (key: string, userId: string, reason: string, delta: number) => {
    f.set("credit_ledger", key, { user_id: userId, reason, delta });
    balances.set(userId, (balances.get(userId) ?? 0) + delta);
  };

  for (const e of events) {
    if (e.type === "payment_intent.succeeded") {
      const pi = e.data.object;
      const meta = pi.metadata ?? {};
      if (meta.memberpulse_tenant_id !== portal.tenantId || !meta.memberpulse_user_id || purchases.has(pi.id)) continue;
      const userId = meta.memberpulse_user_id;
      const pkg = meta.memberpulse_price_id ? packages.get(meta.memberpulse_price_id) : undefined;
      const purchase = { userId, credits: pkg?.credits ?? 0, paid: pi.amount_received || pi.amount, pi: pi.id };
      purchases.set(pi.id, purchase);
      if (!firstPurchase.has(userId)) firstPurchase.set(userId, purchase);
    } else if (e.type === "refund.updated" || e.type === "refund.created" || e.type === "refund.failed") {
      const re = e.data.object;
      const pi = idOf(re.payment_intent);
      if (re.status === "succeeded" && pi) refunds.set(re.id, { pi, amount: re.amount });
    }
  }
  for (const p of purchases.values()) if (p.credits > 0) entry(`purchase:${p.pi}`, p.userId, "purchase", p.credits);
  for (const [userId, first] of firstPurchase) {
    const referrer = members.get(userId)?.referrerUserId;
    if (!referrer || first.paid < REFERRAL_MIN_FIRST_PURCHASE) continue;
    entry(`referral_bonus:${userId}`, userId, "referral_bonus", REFERRAL_BONUS_CREDITS);
    entry(`referral_reward:${userId}`, referrer, "referral_reward", REFERRAL_BONUS_CREDITS);
    const refunded = [...refunds.values()].filter((r) => r.pi === first.pi).reduce((s, r) => s + r.amount, 0);
    if (refunded >= first.paid) {
      entry(`referral_bonus_reversal:${userId}`, userId, "referral_bonus_reversal", -REFERRAL_BONUS_CREDITS);
      entry(`referral_reward_reversal:${userId}`, referrer, "referral_reward_reversal", -REFERRAL_BONUS_CREDITS);
    }
  }
  for (const [refundId, r] of refunds) {
    const p = purchases.get(r.pi);
    if (!p || p.credits <= 0 || p.paid <= 0) continue;
    const credits = Math.floor((p.credits * Math.min(r.amount, p.paid)) / p.paid);
    if (credits > 0) entry(`refund:${refundId}`, p.userId, "refund", -credits);
  }
  for (const [userId, balance] of balances) if (balance !== 0) f.set("credit_balances", userId, { balance, ledger_sum: balance });
}

// ---------------------------------------------------------------------------------------------
// Retrieves

/** Stripe's 404 for a deleted or unknown object, as the SDK raises it. */
export function resourceMissing(id: string): Stripe.errors.StripeInvalidRequestError {
  return new Stripe.errors.StripeInvalidRequestError({ type: "invalid_request_error", code: "resource_missing", message: `No such object: '${id}'`, param: "id", statusCode: 404 });
}

/**
 * handleStripeWebhook's `fetchLatest`, answering from `latest` as Stripe's API does: a deleted
 * customer retrieves as {id, object: 'customer', deleted: true}; a deleted product's retrieve
 * throws resource_missing (404), unless `deletedProduct: "object"` asks for the DeletedProduct
 * shape ({id, object: 'product', deleted: true}) that lib/webhooks/fetch-latest.ts turns that 404
 * into. `delayMs` simulates the network.
 */
export function historyFetcher(
  latest: LatestMap,
  opts: { delayMs?: number; deletedProduct?: "throw" | "object" } = {},
): LatestFetcher & { calls: number; byKind: Record<string, number> } {
  const fetcher = async <K extends FetchableKind>(kind: K, id: string): Promise<FetchableObjects[K]> => {
    fetcher.calls++;
    fetcher.byKind[kind] = (fetcher.byKind[kind] ?? 0) + 1;
    if (opts.delayMs) await new Promise((resolve) => setTimeout(resolve, opts.delayMs));
    const object = latest.get(id);
    if (object === null && kind === "product" && opts.deletedProduct === "object") {
      return { id, object: "product", deleted: true } satisfies Stripe.DeletedProduct as FetchableObjects[K];
    }
    if (!object) throw resourceMissing(id);
    return structuredClone(object) as FetchableObjects[K];
  };
  fetcher.calls = 0;
  fetcher.byKind = {} as Record<string, number>;
  return fetcher;
}
