// Disputes live beside the account in a WeakMap (like billing/), so the shared store needs no change.
// One builder for the Dispute and one for its balance transactions, typed by the SDK (no casts).
import type Stripe from 'stripe';
import type { RequestContext } from '../context';
import { newId, nowSeconds } from '../ids';
import type { AccountState } from '../store';

export interface DisputeState {
  disputes: Map<string, Stripe.Dispute>;
  files: Map<string, Stripe.File>;
}

const byAccount = new WeakMap<AccountState, DisputeState>();

export function disputesOf(state: AccountState): DisputeState {
  let d = byAccount.get(state);
  if (!d) {
    d = { disputes: new Map(), files: new Map() };
    byAccount.set(state, d);
  }
  return d;
}

/** Stripe's fee for a dispute in test mode ($15.00), withdrawn with the disputed amount. */
export const DISPUTE_FEE = 1500;
/** How long after the charge the bank opens the dispute, and decides after evidence is submitted. */
export const DISPUTE_OPEN_MS = 150;
export const DISPUTE_DECISION_MS = 300;
/** Days the merchant has to respond (Stripe shows the real deadline; test disputes use about a week). */
const RESPONSE_DAYS = 7;

export function emptyEvidence(): Stripe.Dispute.Evidence {
  return {
    access_activity_log: null,
    billing_address: null,
    cancellation_policy: null,
    cancellation_policy_disclosure: null,
    cancellation_rebuttal: null,
    customer_communication: null,
    customer_email_address: null,
    customer_name: null,
    customer_purchase_ip: null,
    customer_signature: null,
    duplicate_charge_documentation: null,
    duplicate_charge_explanation: null,
    duplicate_charge_id: null,
    enhanced_evidence: {},
    product_description: null,
    receipt: null,
    refund_policy: null,
    refund_policy_disclosure: null,
    refund_refusal_explanation: null,
    service_date: null,
    service_documentation: null,
    shipping_address: null,
    shipping_carrier: null,
    shipping_date: null,
    shipping_documentation: null,
    shipping_tracking_number: null,
    uncategorized_file: null,
    uncategorized_text: null,
  };
}

/** A movement of the disputed funds: withdrawn (negative) when the dispute opens, back when it is won. */
export function disputeBalanceTransaction(dispute: Stripe.Dispute, direction: 'withdrawn' | 'reinstated'): Stripe.BalanceTransaction {
  const sign = direction === 'withdrawn' ? -1 : 1;
  const created = nowSeconds();
  return {
    id: newId('txn'),
    object: 'balance_transaction',
    amount: sign * dispute.amount,
    available_on: created,
    balance_type: 'payments',
    created,
    currency: dispute.currency,
    description: direction === 'withdrawn' ? `Chargeback withdrawal for ${String(dispute.charge)}` : `Chargeback reversal for ${String(dispute.charge)}`,
    exchange_rate: null,
    fee: -sign * DISPUTE_FEE,
    fee_details: [{ amount: -sign * DISPUTE_FEE, application: null, currency: dispute.currency, description: 'Dispute fee', type: 'stripe_fee' }],
    net: sign * (dispute.amount + DISPUTE_FEE),
    reporting_category: direction === 'withdrawn' ? 'dispute' : 'dispute_reversal',
    source: dispute.id,
    status: 'available',
    type: 'adjustment',
  };
}

export function buildDispute(ctx: RequestContext, charge: Stripe.Charge, reason: string): Stripe.Dispute {
  const created = nowSeconds();
  const card = charge.payment_method_details?.card;
  return {
    id: newId('dp'),
    object: 'dispute',
    amount: charge.amount,
    balance_transactions: [],
    charge: charge.id,
    created,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    evidence_details: {
      due_by: created + RESPONSE_DAYS * 86_400,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: 'not_submitted',
    },
    intended_submission_method: null,
    is_charge_refundable: false,
    livemode: ctx.livemode,
    metadata: {},
    network_reason_code: '10.4',
    payment_intent: charge.payment_intent,
    payment_method_details: {
      type: 'card',
      card: { brand: card?.brand ?? 'visa', case_type: 'chargeback', network: card?.network ?? 'visa', network_reason_code: '10.4' },
    },
    reason,
    status: 'needs_response',
  };
}
