import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { disputes } from "@/db/schema";
import { defineHandler, idOf, toDate, type RowScope } from "../context";
import { ORDERING } from "../ordering";
import { project, type ProjectionSpec, type WrittenWatermark } from "../projection";

/** Evidence Stripe holds, field → text (file fields hold the File's id). Empty fields are left out. */
export function evidenceOf(evidence: Stripe.Dispute.Evidence): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(evidence)) {
    if (typeof value === "string" && value) out[field] = value;
    else if (value && typeof value === "object" && "object" in value && value.object === "file") out[field] = value.id;
  }
  return out;
}

function rowValues(scope: RowScope, d: Stripe.Dispute, wm: WrittenWatermark) {
  return {
    tenantId: scope.tenantId,
    mode: scope.mode,
    stripeDisputeId: d.id,
    // `charge` is always set on a dispute; idOf only unwraps an expanded copy.
    stripeChargeId: idOf(d.charge) ?? "",
    stripePaymentIntentId: idOf(d.payment_intent),
    status: d.status,
    amount: d.amount,
    currency: d.currency,
    reason: d.reason,
    evidenceDueBy: toDate(d.evidence_details.due_by),
    hasEvidence: d.evidence_details.has_evidence,
    pastDue: d.evidence_details.past_due,
    submissionCount: d.evidence_details.submission_count,
    isChargeRefundable: d.is_charge_refundable,
    balanceNet: d.balance_transactions.reduce((sum, t) => sum + t.net, 0),
    evidence: evidenceOf(d.evidence),
    ...wm,
    updatedAt: new Date(),
  };
}

const DISPUTE: ProjectionSpec<Stripe.Dispute> = {
  table: disputes,
  key: ["tenantId", "stripeDisputeId"],
  rule: ORDERING.disputes,
  existingStatus: sql`${disputes.status}`,
  statusOf: (d) => d.status,
  idOf: (d) => d.id,
  values: rowValues,
  fetch: (latest, d) => latest("dispute", d.id),
};

/**
 * Every dispute event carries the whole Dispute: one projection under the ordering rules. The
 * funds events change only its balance transactions, which the newer snapshot brings along.
 */
export const disputeHandler = defineHandler({
  name: "dispute",
  types: ["charge.dispute.created", "charge.dispute.updated", "charge.dispute.closed", "charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated"],
  plan: (scope, event) => ({ projections: [project(DISPUTE, scope, event.data.object)] }),
});
