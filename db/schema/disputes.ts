import { bigint, boolean, index, integer, jsonb, text, timestamp, uniqueIndex, pgTable } from "drizzle-orm/pg-core";
import { projectionColumns } from "./projection-columns";

/**
 * Disputes (chargebacks) of the tenant's charges, projected from `charge.dispute.*` events under
 * lib/webhooks/ordering.ts. Only the webhook engine writes them; the portal submits evidence through
 * Stripe and waits for the `charge.dispute.updated` that follows.
 */
export const disputes = pgTable(
  "disputes",
  {
    ...projectionColumns(),
    stripeDisputeId: text("stripe_dispute_id").notNull(),
    stripeChargeId: text("stripe_charge_id").notNull(),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    /** Stripe's status verbatim: needs_response, under_review, won, lost, warning_*, … */
    status: text("status").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    reason: text("reason").notNull(),
    evidenceDueBy: timestamp("evidence_due_by", { withTimezone: true }),
    hasEvidence: boolean("has_evidence").notNull().default(false),
    pastDue: boolean("past_due").notNull().default(false),
    submissionCount: integer("submission_count").notNull().default(0),
    isChargeRefundable: boolean("is_charge_refundable").notNull().default(false),
    /** Sum of the dispute's balance transactions: negative while funds are withdrawn, 0 once reinstated. */
    balanceNet: bigint("balance_net", { mode: "number" }).notNull().default(0),
    /** The text evidence Stripe holds (field → value), as the latest applied snapshot shows it. */
    evidence: jsonb("evidence").$type<Record<string, string>>().notNull().default({}),
  },
  (t) => [
    uniqueIndex("disputes_tenant_stripe_uq").on(t.tenantId, t.stripeDisputeId),
    index("disputes_tenant_pi_idx").on(t.tenantId, t.stripePaymentIntentId),
    index("disputes_tenant_status_idx").on(t.tenantId, t.status),
  ],
);

export type DisputeRow = typeof disputes.$inferSelect;
