import type { Db } from "../client";
import { paymentRefundRequests } from "../schema";

/** The payment lists read the requests back with each payment (member-payments.ts refundRequestsOf). */
export async function insertRefundRequest(db: Db, input: typeof paymentRefundRequests.$inferInsert) {
  const [row] = await db.insert(paymentRefundRequests).values(input).onConflictDoNothing().returning();
  return row;
}
