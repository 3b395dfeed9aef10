import { and, desc, eq, getTableColumns, gte, ilike, inArray, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { catalogPrices, catalogProducts, checkoutSessions, invoices, memberStripeCustomers, payments, users, type StripeMode } from "../schema";
import { effectiveRefunded } from "./refunded-total";

/** A payment row whose amountRefunded leaves out refunds that later failed (refunded-total.ts). */
const paymentColumns = { ...getTableColumns(payments), amountRefunded: effectiveRefunded };

export type PaymentRow = typeof payments.$inferSelect;

/**
 * The same row read by name from whatever the statement calls `payments` — here a merged page of
 * narrow reads (listOwnPayments), which Drizzle cannot check as a table, hence SQL fields decoded
 * like their columns.
 */
const pagePaymentColumns = {
  ...(Object.fromEntries(Object.entries(getTableColumns(payments)).map(([key, column]) => [key, sql`${column}`.mapWith(column)])) as { [K in keyof PaymentRow]: SQL<PaymentRow[K]> }),
  amountRefunded: effectiveRefunded,
};
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

/**
 * A custom credit top-up of the same member, amount and currency that nobody has tried to pay yet
 * and that is recent (top-ups have no catalog price: they are told apart by their metadata flag).
 * Reusing it turns a double click into one PaymentIntent.
 */
export async function findReusableTopUp(
  db: Db,
  { tenantId, userId, mode, amount, currency, flagKey }: { tenantId: string; userId: string; mode: StripeMode; amount: number; currency: string; flagKey: string },
  since: Date,
): Promise<PaymentRow | undefined> {
  const [row] = await db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.tenantId, tenantId),
        eq(payments.userId, userId),
        isNull(payments.catalogPriceId),
        eq(payments.mode, mode),
        eq(payments.amount, amount),
        eq(payments.currency, currency),
        sql`${payments.metadata} ->> ${flagKey} = '1'`,
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
  catalogPriceId: string | null;
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
    .select(paymentColumns)
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
      // The plain column first: Postgres checks it before the subqueries, so payments never refunded cost nothing.
      return sql`${payments.amountRefunded} > 0 and ${effectiveRefunded} > 0`;
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
  cursor?: PaymentPosition;
  /** Search: the member's e-mail or name (contains), an exact amount (minor units), or a payment / PaymentIntent id. */
  search?: { text: string; amount: number | null };
  limit: number;
};

/** `%` and `_` typed by a person are literal in the LIKE pattern. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The person part of a search: the member's e-mail or name contains the text. */
const personMatches = (text: string) => or(ilike(users.email, likePattern(text)), ilike(users.name, likePattern(text)));

/**
 * `person` is how the person part is asked: of the row's joined member (users), or — in one
 * member's list, where every row is theirs — of that member once.
 */
function searchCondition(search: NonNullable<PaymentListFilter["search"]>, person: (text: string) => SQL | undefined = personMatches): SQL | undefined {
  const text = search.text.trim();
  if (!text) return undefined;
  return or(
    person(text),
    eq(payments.stripePaymentIntentId, text),
    /^[0-9a-f-]{36}$/i.test(text) ? eq(payments.id, text) : undefined,
    search.amount !== null ? eq(payments.amount, search.amount) : undefined,
  );
}

/**
 * The keyset position of a payment: its created_at in microseconds since the epoch, exact (JS dates
 * only carry milliseconds, so a cursor made from one would skip or repeat payments created in the
 * same millisecond). Lists order by (created_at, id) as stored, which the indexes serve in order.
 */
const position = sql<string>`(extract(epoch from ${payments.createdAt}) * 1000000)::bigint::text`;
export type PaymentPosition = { createdUs: string; id: string };

/*
 * Whose payment is it? The member who started it in the portal (`user_id`), or — for charges Stripe
 * makes on its own (subscription invoices, first and renewals; invoices an admin sent) — the member
 * whose Stripe customer paid (member_stripe_customers, unique per tenant, mode and customer).
 * Payments of customers no member owns (made in the Stripe Dashboard) are not listed.
 */
export const payerLink = and(
  isNull(payments.userId),
  eq(memberStripeCustomers.tenantId, payments.tenantId),
  eq(memberStripeCustomers.mode, payments.mode),
  eq(memberStripeCustomers.stripeCustomerId, payments.stripeCustomerId),
);
export const payerId = sql<string | null>`coalesce(${payments.userId}, ${memberStripeCustomers.userId})`;

/** The invoice a payment paid (invoice_payment.paid links them), if any. */
const invoiceLink = and(eq(invoices.tenantId, payments.tenantId), eq(invoices.stripePaymentIntentId, payments.stripePaymentIntentId));

/**
 * What a Stripe Checkout purchase bought, named like a Payment Element purchase ("Product (nickname)").
 * Checkout's PaymentIntent has no description; its session's metadata names the catalog price.
 * A scalar subquery (checkout_sessions_tenant_pi_idx), so it runs only for the rows of the page.
 */
const checkoutItem = sql<string | null>`(select ${catalogProducts.name} || coalesce(' (' || ${catalogPrices.nickname} || ')', '')
  from ${checkoutSessions}
  join ${catalogPrices} on ${catalogPrices.tenantId} = ${checkoutSessions.tenantId}
    and ${catalogPrices.id} = case when ${checkoutSessions.metadata} ->> 'memberpulse_price_id' ~ '^[0-9a-fA-F-]{36}$' then (${checkoutSessions.metadata} ->> 'memberpulse_price_id')::uuid end
  join ${catalogProducts} on ${catalogProducts.id} = ${catalogPrices.productId}
  where ${checkoutSessions.tenantId} = ${payments.tenantId} and ${checkoutSessions.stripePaymentIntentId} = ${payments.stripePaymentIntentId}
  limit 1)`;

export type PaymentInvoice = { stripeInvoiceId: string; number: string | null; hostedInvoiceUrl: string | null; subscription: boolean };
export type MemberPaymentRow = {
  payment: PaymentRow;
  payerId: string;
  memberEmail: string | null;
  memberName: string | null;
  invoice: PaymentInvoice | null;
  /** The catalog price a Checkout Session bought (null for other payments). */
  checkoutItem: string | null;
  position: PaymentPosition;
};

function memberPaymentsQuery(db: Db) {
  return db
    .select({
      payment: paymentColumns,
      payerId,
      memberEmail: users.email,
      memberName: users.name,
      invoiceId: invoices.stripeInvoiceId,
      invoiceNumber: invoices.number,
      invoiceUrl: invoices.hostedInvoiceUrl,
      invoiceSubscription: invoices.stripeSubscriptionId,
      checkoutItem,
      position,
    })
    .from(payments)
    .leftJoin(memberStripeCustomers, payerLink)
    .leftJoin(users, sql`${users.id} = ${payerId}`)
    .leftJoin(invoices, invoiceLink);
}

type RawMemberPayment = Awaited<ReturnType<ReturnType<typeof memberPaymentsQuery>["where"]>>[number];

function toMemberPayment(r: RawMemberPayment): MemberPaymentRow {
  const invoice = r.invoiceId ? { stripeInvoiceId: r.invoiceId, number: r.invoiceNumber, hostedInvoiceUrl: r.invoiceUrl, subscription: !!r.invoiceSubscription } : null;
  return { payment: r.payment, payerId: r.payerId!, memberEmail: r.memberEmail, memberName: r.memberName, invoice, checkoutItem: r.checkoutItem, position: { createdUs: r.position, id: r.payment.id } };
}

/**
 * One payment of this tenant that belongs to a member; with `userId`, only if it is that member's
 * (started by them, or charged to their Stripe customer).
 */
export async function getMemberPayment(db: Db, { tenantId, paymentId, userId }: { tenantId: string; paymentId: string; userId?: string }): Promise<MemberPaymentRow | undefined> {
  const rows = await memberPaymentsQuery(db)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId), userId ? sql`${payerId} = ${userId}` : sql`${payerId} is not null`))
    .limit(1);
  return rows[0] ? toMemberPayment(rows[0]) : undefined;
}

function listConditions(f: PaymentListFilter, person?: (text: string) => SQL | undefined): (SQL | undefined)[] {
  return [
    eq(payments.tenantId, f.tenantId),
    f.status ? statusCondition(f.status) : undefined,
    f.from ? gte(payments.createdAt, f.from) : undefined,
    f.to ? lt(payments.createdAt, f.to) : undefined,
    f.search ? searchCondition(f.search, person) : undefined,
    f.cursor ? sql`(${payments.createdAt}, ${payments.id}) < (timestamptz 'epoch' + ${f.cursor.createdUs}::bigint * interval '1 microsecond', ${f.cursor.id}::uuid)` : undefined,
  ];
}

const newestFirst = [desc(payments.createdAt), desc(payments.id)] as const;

/**
 * Newest first, keyset-paginated on (created_at, id): every payment that belongs to a member.
 */
export async function listPayments(db: Db, f: PaymentListFilter): Promise<MemberPaymentRow[]> {
  if (f.userId) return listOwnPayments(db, { ...f, userId: f.userId });
  const rows = await memberPaymentsQuery(db)
    .where(and(...listConditions(f), sql`${payerId} is not null`))
    .orderBy(...newestFirst)
    .limit(f.limit);
  return rows.map(toMemberPayment);
}

/**
 * One member's payments: what they started in the portal (tenant, user, created) and what Stripe
 * charged each of their customers with no portal link (tenant, customer, created where user_id is
 * null), each read in index order up to the page size, then merged. The narrow reads are named
 * `payments` so the joins and subqueries of a listed row apply to the merged page once: planning
 * them per branch cost Postgres more than running the whole statement (measured: 1.4 ms → 0.5 ms).
 */
async function listOwnPayments(db: Db, f: PaymentListFilter & { userId: string }): Promise<MemberPaymentRow[]> {
  // Every row is the member's, so a search for a person asks whether the member is that person.
  const member = (text: string) => sql`exists (select 1 from ${users} where ${users.id} = ${f.userId} and ${personMatches(text)})`;
  const base = listConditions(f, member);
  const started = db
    .select()
    .from(payments)
    .where(and(...base, eq(payments.userId, f.userId)))
    .orderBy(...newestFirst)
    .limit(f.limit);
  const unlinked = db
    .select()
    .from(payments)
    .where(
      and(
        ...base,
        isNull(payments.userId),
        eq(payments.mode, memberStripeCustomers.mode),
        eq(payments.stripeCustomerId, memberStripeCustomers.stripeCustomerId),
      ),
    )
    .orderBy(...newestFirst)
    .limit(f.limit)
    .as("charged");
  const charged = db
    .select(unlinked._.selectedFields)
    .from(memberStripeCustomers)
    .crossJoinLateral(unlinked)
    .where(and(eq(memberStripeCustomers.tenantId, f.tenantId), eq(memberStripeCustomers.userId, f.userId)));
  const rows = await db
    .select({
      payment: pagePaymentColumns,
      memberEmail: users.email,
      memberName: users.name,
      invoiceId: invoices.stripeInvoiceId,
      invoiceNumber: invoices.number,
      invoiceUrl: invoices.hostedInvoiceUrl,
      invoiceSubscription: invoices.stripeSubscriptionId,
      checkoutItem,
      position,
    })
    .from(sql`((${started}) union all (${charged})) as ${payments}`)
    .leftJoin(users, eq(users.id, f.userId))
    .leftJoin(invoices, invoiceLink)
    .orderBy(...newestFirst)
    .limit(f.limit);
  return rows.map((r) => toMemberPayment({ ...r, payerId: f.userId }));
}
