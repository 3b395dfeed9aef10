import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, payments } from "../schema";

/** Who paid and for which catalog price, as lib/payments recorded it when it created the intent. */
export async function getPaymentPortalLinks(db: Db, { tenantId, paymentIntentId }: { tenantId: string; paymentIntentId: string }) {
  const [row] = await db
    .select({ userId: payments.userId, priceId: payments.catalogPriceId })
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.stripePaymentIntentId, paymentIntentId)));
  return row;
}

export async function isTenantMember(db: Db, { tenantId, userId }: { tenantId: string; userId: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  return !!row;
}
