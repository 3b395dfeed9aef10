import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { payments } from "../schema";

/** Who paid and for which catalog price, as lib/payments recorded it when it created the intent. */
export async function getPaymentPortalLinks(db: Db, { tenantId, paymentIntentId }: { tenantId: string; paymentIntentId: string }) {
  const [row] = await db
    .select({ userId: payments.userId, priceId: payments.catalogPriceId })
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.stripePaymentIntentId, paymentIntentId)));
  return row;
}

