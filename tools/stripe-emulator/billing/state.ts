// Billing state (subscriptions, invoices, invoice items, the test clock) lives beside the account in
// a WeakMap, like the catalog, so the shared store needs no change and reset() drops it too.
import type Stripe from 'stripe';
import { nowSeconds } from '../ids';
import type { AccountState } from '../store';
import type { DunningSettings } from './dunning';
import type { LineInput } from './invoice-objects';

export interface BillingState {
  subscriptions: Map<string, Stripe.Subscription>;
  invoices: Map<string, Stripe.Invoice & { id: string }>;
  invoiceItems: Map<string, Stripe.InvoiceItem>;
  /** Seconds the account's test clock is ahead of real time (POST /_emulator/clock/advance). */
  /** Proration lines waiting for the next renewal invoice (proration_behavior=create_prorations). */
  pendingProrations: Map<string, LineInput[]>;
  /** Coupons, promotion codes and the discounts they became (billing/discounts.ts). */
  coupons: Map<string, Stripe.Coupon>;
  promotionCodes: Map<string, Stripe.PromotionCode>;
  discounts: Map<string, Stripe.Discount>;
  /** Coupons deleted through DELETE /v1/coupons/:id: gone for the API, still behind the discounts made from them. */
  deletedCoupons: Map<string, Stripe.Coupon>;
  /** Stripe Tax calculations (POST /v1/tax/calculations), by id; a PaymentIntent names one in `hooks`. */
  taxCalculations: Map<string, Stripe.Tax.Calculation & { id: string }>;
  clockOffset: number;
  invoiceCounter: number;
  /** Retry and final-step settings after failed renewals (billing/dunning.ts); absent: never retried. */
  dunning?: DunningSettings;
}

const billing = new WeakMap<AccountState, BillingState>();

export function billingOf(state: AccountState): BillingState {
  let b = billing.get(state);
  if (!b) {
    b = {
      subscriptions: new Map(),
      invoices: new Map(),
      invoiceItems: new Map(),
      pendingProrations: new Map(),
      coupons: new Map(),
      promotionCodes: new Map(),
      discounts: new Map(),
      deletedCoupons: new Map(),
      taxCalculations: new Map(),
      clockOffset: 0,
      invoiceCounter: 0,
    };
    billing.set(state, b);
  }
  return b;
}

/** For persistence.ts: the account's billing state as it is, and putting a saved one back. */
export function dumpBilling(state: AccountState): BillingState {
  return billingOf(state);
}

export function loadBilling(state: AccountState, saved: BillingState): void {
  // Saved before coupons existed: start those empty.
  saved.coupons ??= new Map();
  saved.promotionCodes ??= new Map();
  saved.discounts ??= new Map();
  saved.deletedCoupons ??= new Map();
  saved.taxCalculations ??= new Map();
  billing.set(state, saved);
}

/** "Now" on the account's test clock. */
export function clockNow(state: AccountState): number {
  return nowSeconds() + billingOf(state).clockOffset;
}

/** Adds `count` intervals to a unix time, in UTC calendar terms (month ends clamp like Stripe). */
export function addInterval(start: number, interval: Stripe.Price.Recurring.Interval, count: number): number {
  const d = new Date(start * 1000);
  if (interval === 'day') d.setUTCDate(d.getUTCDate() + count);
  else if (interval === 'week') d.setUTCDate(d.getUTCDate() + 7 * count);
  else {
    const months = interval === 'year' ? 12 * count : count;
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + months);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
  }
  return Math.floor(d.getTime() / 1000);
}
