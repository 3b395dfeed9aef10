// How a dispute lives, as in Stripe test mode: the dispute card (4000 0000 0000 0259) succeeds and
// the bank opens a `fraudulent` dispute moments later (charge.dispute.created, then
// charge.dispute.funds_withdrawn); submitting evidence moves it to under_review
// (charge.dispute.updated); the bank then decides by Stripe's documented test evidence —
// `winning_evidence` in uncategorized_text wins (charge.dispute.closed + funds_reinstated),
// `losing_evidence` loses (charge.dispute.closed) — and any other evidence stays under review.
// Closing (accepting) a dispute loses it at once.
import type Stripe from 'stripe';
import { snapshot, type RequestContext } from '../context';
import { invalidRequest, noSuch } from '../errors';
import { mergeMetadata, optBool, optObject, type Params } from '../form';
import { DISPUTE_DECISION_MS, DISPUTE_OPEN_MS, buildDispute, disputeBalanceTransaction, disputesOf } from './dispute-object';

const TEXT_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_tracking_number',
  'uncategorized_text',
] as const satisfies readonly (keyof Stripe.Dispute.Evidence)[];

const FILE_FIELDS = [
  'cancellation_policy',
  'customer_communication',
  'customer_signature',
  'duplicate_charge_documentation',
  'receipt',
  'refund_policy',
  'service_documentation',
  'shipping_documentation',
  'uncategorized_file',
] as const satisfies readonly (keyof Stripe.Dispute.Evidence)[];

/** Stripe's limit on all text evidence of one dispute, in characters. */
const TEXT_LIMIT = 150_000;

const OPEN: Partial<Record<string, Stripe.Dispute.Status>> = { needs_response: 'under_review', warning_needs_response: 'warning_under_review' };

/** Called when a charge with the dispute card succeeds. */
export function openDisputeLater(ctx: RequestContext, charge: Stripe.Charge, reason: string): void {
  ctx.later(DISPUTE_OPEN_MS, (later) => {
    const dispute = buildDispute(later, charge, reason);
    disputesOf(later.state).disputes.set(dispute.id, dispute);
    charge.disputed = true;
    later.emit('charge.dispute.created', dispute);
    dispute.balance_transactions = [disputeBalanceTransaction(dispute, 'withdrawn')];
    later.emit('charge.dispute.funds_withdrawn', dispute);
  });
}

export function findDispute(ctx: RequestContext, id: string): Stripe.Dispute {
  const dispute = disputesOf(ctx.state).disputes.get(id);
  if (!dispute) throw noSuch('dispute', id, 'dispute');
  return dispute;
}

function applyEvidence(ctx: RequestContext, dispute: Stripe.Dispute, evidence: Params): void {
  const next = snapshot(dispute.evidence);
  for (const field of TEXT_FIELDS) {
    const value = evidence[field];
    if (typeof value === 'string') next[field] = value === '' ? null : value;
  }
  for (const field of FILE_FIELDS) {
    const value = evidence[field];
    if (typeof value !== 'string') continue;
    if (value && !disputesOf(ctx.state).files.has(value)) throw invalidRequest(`No such file upload: '${value}'`, { param: `evidence[${field}]`, code: 'resource_missing' });
    next[field] = value === '' ? null : value;
  }
  const textLength = TEXT_FIELDS.reduce((n, f) => n + (next[f]?.length ?? 0), 0);
  if (textLength > TEXT_LIMIT) throw invalidRequest(`The combined text of all evidence fields must be at most ${TEXT_LIMIT} characters.`, { param: 'evidence' });
  dispute.evidence = next;
  dispute.evidence_details.has_evidence = [...TEXT_FIELDS, ...FILE_FIELDS].some((f) => next[f] !== null);
}

export function updateDispute(ctx: RequestContext, id: string): Stripe.Dispute {
  const dispute = findDispute(ctx, id);
  const evidence = optObject(ctx.params, 'evidence');
  const submit = optBool(ctx.params, 'submit') ?? true;
  const reviewing = OPEN[dispute.status];
  if ((evidence || submit) && !reviewing) {
    throw invalidRequest(`This dispute has a status of ${dispute.status}; evidence can only be submitted while it needs a response.`, { code: 'dispute_already_submitted' });
  }
  const previous: Record<string, unknown> = { status: dispute.status, evidence_details: snapshot(dispute.evidence_details) };
  if (evidence) applyEvidence(ctx, dispute, evidence);
  dispute.metadata = mergeMetadata(dispute.metadata, ctx.params);
  if (submit && reviewing) {
    dispute.status = reviewing;
    dispute.evidence_details.submission_count += 1;
    dispute.evidence_details.submission_method = 'manual';
    ctx.later(DISPUTE_DECISION_MS, (later) => decide(later, dispute));
  }
  ctx.emit('charge.dispute.updated', dispute, previous);
  return dispute;
}

function decide(ctx: RequestContext, dispute: Stripe.Dispute): void {
  const text = dispute.evidence.uncategorized_text ?? '';
  const outcome = text.includes('winning_evidence') ? 'won' : text.includes('losing_evidence') ? 'lost' : null;
  if (!outcome || (dispute.status !== 'under_review' && dispute.status !== 'warning_under_review')) return;
  const previous = { status: dispute.status };
  dispute.status = dispute.status === 'warning_under_review' ? 'warning_closed' : outcome;
  ctx.emit('charge.dispute.closed', dispute, previous);
  if (dispute.status === 'won') {
    dispute.balance_transactions = [...dispute.balance_transactions, disputeBalanceTransaction(dispute, 'reinstated')];
    ctx.emit('charge.dispute.funds_reinstated', dispute);
  }
}

/** POST /v1/disputes/{id}/close: the merchant accepts the dispute, which is then lost. */
export function closeDispute(ctx: RequestContext, id: string): Stripe.Dispute {
  const dispute = findDispute(ctx, id);
  if (!OPEN[dispute.status]) throw invalidRequest(`This dispute has a status of ${dispute.status} and cannot be closed.`, { code: 'dispute_already_submitted' });
  const previous = { status: dispute.status };
  dispute.status = dispute.status === 'warning_needs_response' ? 'warning_closed' : 'lost';
  ctx.emit('charge.dispute.closed', dispute, previous);
  return dispute;
}
