import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { paymentRefundRequests, refunds, users } from "../schema";

/** Refund requests of some payments, with what the webhook has since said about each (status null: not confirmed yet). */
export async function listRefundRequests(db: Db, { tenantId, paymentIds }: { tenantId: string; paymentIds: string[] }) {
  if (paymentIds.length === 0) return [];
  return db
    .select({
      id: paymentRefundRequests.id,
      paymentId: paymentRefundRequests.paymentId,
      stripeRefundId: paymentRefundRequests.stripeRefundId,
      amount: paymentRefundRequests.amount,
      currency: paymentRefundRequests.currency,
      reason: paymentRefundRequests.reason,
      note: paymentRefundRequests.note,
      createdAt: paymentRefundRequests.createdAt,
      requestedByEmail: users.email,
      confirmedStatus: refunds.status,
      failureReason: refunds.failureReason,
    })
    .from(paymentRefundRequests)
    .leftJoin(refunds, and(eq(refunds.tenantId, tenantId), eq(refunds.stripeRefundId, paymentRefundRequests.stripeRefundId)))
    .leftJoin(users, eq(users.id, paymentRefundRequests.requestedBy))
    .where(and(eq(paymentRefundRequests.tenantId, tenantId), inArray(paymentRefundRequests.paymentId, paymentIds)))
    .orderBy(desc(paymentRefundRequests.createdAt));
}

export async function insertRefundRequest(db: Db, input: typeof paymentRefundRequests.$inferInsert) {
  const [row] = await db.insert(paymentRefundRequests).values(input).onConflictDoNothing().returning();
  return row;
}
