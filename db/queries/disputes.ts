import { and, asc, desc, eq, inArray, min, sql, count } from "drizzle-orm";
import type { Db } from "../client";
import { disputes, memberStripeCustomers, payments, users } from "../schema";
import { payerId, payerLink } from "./member-payments";

/** Stripe statuses in which the merchant still has to answer (evidence can be submitted). */
export const DISPUTE_NEEDS_RESPONSE = ["needs_response", "warning_needs_response"] as const;

/** The disputed payment and whose it is, when the portal knows the payment. */
function disputesQuery(db: Db) {
  return db
    .select({
      dispute: disputes,
      paymentId: payments.id,
      paymentDescription: payments.description,
      memberId: payerId,
      memberEmail: users.email,
      memberName: users.name,
    })
    .from(disputes)
    .leftJoin(payments, and(eq(payments.tenantId, disputes.tenantId), eq(payments.stripePaymentIntentId, disputes.stripePaymentIntentId)))
    .leftJoin(memberStripeCustomers, payerLink)
    .leftJoin(users, sql`${users.id} = ${payerId}`);
}

export type DisputeListRow = Awaited<ReturnType<ReturnType<typeof disputesQuery>["where"]>>[number];

/** Newest first; disputes waiting for a response come first, the nearest deadline on top. */
export async function listDisputes(db: Db, { tenantId, limit = 100 }: { tenantId: string; limit?: number }): Promise<DisputeListRow[]> {
  const open = sql`${disputes.status} in ('needs_response', 'warning_needs_response')`;
  return disputesQuery(db)
    .where(eq(disputes.tenantId, tenantId))
    .orderBy(desc(open), asc(sql`case when ${open} then ${disputes.evidenceDueBy} end`), desc(disputes.createdAt))
    .limit(limit);
}

export async function getDispute(db: Db, { tenantId, disputeId }: { tenantId: string; disputeId: string }): Promise<DisputeListRow | undefined> {
  const [row] = await disputesQuery(db)
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.id, disputeId)))
    .limit(1);
  return row;
}

/** How many disputes wait for the tenant's answer, and the nearest deadline (admin overview). */
export async function openDisputeSummary(db: Db, { tenantId }: { tenantId: string }): Promise<{ open: number; nextDueBy: Date | null }> {
  const [row] = await db
    .select({ open: count(), nextDueBy: min(disputes.evidenceDueBy) })
    .from(disputes)
    .where(and(eq(disputes.tenantId, tenantId), inArray(disputes.status, [...DISPUTE_NEEDS_RESPONSE])));
  return { open: row?.open ?? 0, nextDueBy: row?.nextDueBy ?? null };
}
