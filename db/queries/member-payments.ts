import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { payments, users, type StripeMode } from "../schema";

export type PaymentRow = typeof payments.$inferSelect;
export type PaymentStatusFilter = "succeeded" | "failed" | "pending" | "refunded" | "canceled";

type Slot = { tenantId: string; userId: string; priceId: string; mode: StripeMode };

/**
 * An intent for the same member and price that nobody has tried to pay yet (no failed attempt) and
 * that is recent: reusing it is what Stripe recommends for retries and double clicks.
 */
export async function findReusablePayment(db: Db, { tenantId, userId, priceId, mode }: Slot, since: Date): Promise<PaymentRow | undefined> {
  const [row] = await db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.tenantId, tenantId),
        eq(payments.userId, userId),
        eq(payments.catalogPriceId, priceId),
        eq(payments.mode, mode),
        eq(payments.status, "requires_payment_method"),
        isNull(payments.lastPaymentError),
        gte(payments.createdAt, since),
      ),
    )
    .orderBy(desc(payments.createdAt))
    .limit(1);
  return row;
}

export type PendingPaymentInput = {
  id: string;
  tenantId: string;
  mode: StripeMode;
  userId: string;
  catalogPriceId: string;
  stripePaymentIntentId: string;
  stripeCustomerId: string;
  status: string;
  amount: number;
  currency: string;
  description: string;
  metadata: Record<string, string>;
};

/**
 * The row written before the browser confirms. Watermark 0 means any webhook event for the intent
 * is newer (lib/webhooks/ordering.ts rule 4); if a webhook wrote the row first, only the portal
 * links are added.
 */
export async function insertPendingPayment(db: Db, input: PendingPaymentInput): Promise<PaymentRow> {
  const [row] = await db
    .insert(payments)
    .values({ ...input, lastEventCreated: 0, lastEventId: "" })
    .onConflictDoUpdate({
      target: [payments.tenantId, payments.stripePaymentIntentId],
      set: { userId: input.userId, catalogPriceId: input.catalogPriceId, updatedAt: new Date() },
    })
    .returning();
  if (!row) throw new Error("payment insert returned nothing");
  return row;
}

/** One payment of this tenant; with `userId`, only if it is that member's. */
export async function getPayment(db: Db, { tenantId, paymentId, userId }: { tenantId: string; paymentId: string; userId?: string }) {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId), userId ? eq(payments.userId, userId) : undefined))
    .limit(1);
  return row;
}

function statusCondition(status: PaymentStatusFilter): SQL | undefined {
  switch (status) {
    case "succeeded":
      return eq(payments.status, "succeeded");
    case "canceled":
      return eq(payments.status, "canceled");
    case "refunded":
      return sql`${payments.amountRefunded} > 0`;
    case "failed":
      return and(eq(payments.status, "requires_payment_method"), isNotNull(payments.lastPaymentError));
    case "pending":
      return or(
        isNull(payments.status),
        inArray(payments.status, ["processing", "requires_confirmation", "requires_action", "requires_capture"]),
        and(eq(payments.status, "requires_payment_method"), isNull(payments.lastPaymentError)),
      );
  }
}

export type PaymentListFilter = {
  tenantId: string;
  userId?: string;
  status?: PaymentStatusFilter;
  from?: Date;
  to?: Date;
  cursor?: { createdAt: Date; id: string };
  limit: number;
};

/** JS dates have milliseconds, Postgres microseconds: the cursor compares at the precision it can carry. */
const createdMs = sql`date_trunc('milliseconds', ${payments.createdAt})`;

/** Newest first, keyset-paginated on (created_at, id); only payments the portal started (user_id set). */
export async function listPayments(db: Db, f: PaymentListFilter) {
  return db
    .select({ payment: payments, memberEmail: users.email, memberName: users.name })
    .from(payments)
    .leftJoin(users, eq(users.id, payments.userId))
    .where(
      and(
        eq(payments.tenantId, f.tenantId),
        isNotNull(payments.userId),
        f.userId ? eq(payments.userId, f.userId) : undefined,
        f.status ? statusCondition(f.status) : undefined,
        f.from ? gte(payments.createdAt, f.from) : undefined,
        f.to ? lt(payments.createdAt, f.to) : undefined,
        f.cursor
          ? or(sql`${createdMs} < ${f.cursor.createdAt.toISOString()}::timestamptz`, and(sql`${createdMs} = ${f.cursor.createdAt.toISOString()}::timestamptz`, lt(payments.id, f.cursor.id)))
          : undefined,
      ),
    )
    .orderBy(desc(createdMs), desc(payments.id))
    .limit(f.limit);
}
