import { and, desc, eq, getTableColumns, gte, ilike, inArray, isNotNull, isNull, lt, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { catalogPrices, catalogProducts, checkoutSessions, disputes, invoices, memberStripeCustomers, paymentRefundRequests, payments, refunds, users, type StripeMode } from "../schema";
import { builtOncePerShape } from "./built-once";
import { effectiveRefunded } from "./refunded-total";

/** A payment row whose amountRefunded leaves out refunds that later failed (refunded-total.ts). */
const paymentColumns = { ...getTableColumns(payments), amountRefunded: effectiveRefunded };

export type PaymentRow = typeof payments.$inferSelect;

/**
 * The same row read by name from whatever the statement calls `payments` — in detailsQuery, the
 * narrow read of a page, which Drizzle cannot check as a table: hence SQL fields decoded like
 * their columns.
 */
const pagePaymentColumns = {
  ...(Object.fromEntries(Object.entries(getTableColumns(payments)).map(([key, column]) => [key, sql`${column}`.mapWith(column)])) as {
    [K in keyof PaymentRow]: SQL<PaymentRow[K]>;
  }),
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

/** `person` asks the person part of the row's payer (the lists ask it in their own way). */
function searchCondition(search: NonNullable<PaymentListFilter["search"]>, person: (text: string) => SQL): SQL | undefined {
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

/** The payment's latest dispute, if its cardholder's bank opened one. */
const latestDispute = sql<PaymentDispute | null>`(select json_build_object('id', ${disputes.id}, 'status', ${disputes.status})
  from ${disputes} where ${disputes.tenantId} = ${payments.tenantId} and ${disputes.stripePaymentIntentId} = ${payments.stripePaymentIntentId}
  order by ${disputes.createdAt} desc limit 1)`;

/**
 * The refunds admins asked for in the portal, newest first, with what Stripe's webhook confirmed of
 * each (refund status, failure reason) and who asked.
 */
const refundRequestsOf = sql<RefundRequestJson[]>`(select coalesce(json_agg(json_build_object(
    'id', ${paymentRefundRequests.id}, 'stripeRefundId', ${paymentRefundRequests.stripeRefundId}, 'amount', ${paymentRefundRequests.amount},
    'currency', ${paymentRefundRequests.currency}, 'reason', ${paymentRefundRequests.reason}, 'note', ${paymentRefundRequests.note},
    'createdAt', ${paymentRefundRequests.createdAt}, 'requestedByEmail', ${users.email}, 'confirmedStatus', ${refunds.status}, 'failureReason', ${refunds.failureReason}
  ) order by ${paymentRefundRequests.createdAt} desc), '[]')
  from ${paymentRefundRequests}
  left join ${refunds} on ${refunds.tenantId} = ${paymentRefundRequests.tenantId} and ${refunds.stripeRefundId} = ${paymentRefundRequests.stripeRefundId}
  left join ${users} on ${users.id} = ${paymentRefundRequests.requestedBy}
  where ${paymentRefundRequests.tenantId} = ${payments.tenantId} and ${paymentRefundRequests.paymentId} = ${payments.id})`;

type RefundRequestJson = Omit<PaymentRefundRequest, "createdAt"> & { createdAt: string };
export type PaymentDispute = { id: string; status: string };
export type PaymentRefundRequest = {
  id: string;
  stripeRefundId: string;
  amount: number;
  currency: string;
  reason: string;
  note: string | null;
  createdAt: Date;
  requestedByEmail: string | null;
  confirmedStatus: string | null;
  /** Why the bank returned it (Stripe's failure_reason), when it failed. */
  failureReason: string | null;
};

export type PaymentInvoice = { stripeInvoiceId: string; number: string | null; hostedInvoiceUrl: string | null; subscription: boolean };
export type MemberPaymentRow = {
  payment: PaymentRow;
  payerId: string;
  memberEmail: string | null;
  memberName: string | null;
  invoice: PaymentInvoice | null;
  /** The catalog price a Checkout Session bought (null for other payments). */
  checkoutItem: string | null;
  refundRequests: PaymentRefundRequest[];
  dispute: PaymentDispute | null;
  position: PaymentPosition;
};

/** The narrow read's payer column (payerId), named so the details can join the payer's user row. */
const PAYER = "payer_id";
const pagePayerId = sql<string>`${payments}.${sql.identifier(PAYER)}`;

/**
 * Every list and single-payment read is two steps in one statement: a narrow read of `payments`
 * rows (filters, keyset order, limit, plus their payer as `payer_id`), named `payments`, and then
 * the details of just those rows — payer, invoice, refunds, dispute, Checkout item. Joining and correlating
 * the details only on the narrowed rows keeps what Postgres plans per statement small (planning a
 * member's history with the details inside each read cost 1.4 ms; this shape 0.5 ms). The refund
 * requests and the dispute come with the rows too: two more statements per page cost more than
 * their subqueries.
 */
function detailsQuery(db: Db, narrow: SQL, limit: Param<number>) {
  return db
    .select({
      payment: pagePaymentColumns,
      payerId: pagePayerId,
      memberEmail: users.email,
      memberName: users.name,
      invoiceId: invoices.stripeInvoiceId,
      invoiceNumber: invoices.number,
      invoiceUrl: invoices.hostedInvoiceUrl,
      invoiceSubscription: invoices.stripeSubscriptionId,
      checkoutItem,
      refundRequests: refundRequestsOf,
      dispute: latestDispute,
      position,
    })
    .from(sql`(${narrow}) as ${payments}`)
    .leftJoin(users, eq(users.id, pagePayerId))
    .leftJoin(invoices, invoiceLink)
    .orderBy(...newestFirst)
    .limit(limit);
}

type DetailsQuery = ReturnType<typeof detailsQuery>;

function toMemberPayments(rows: Awaited<DetailsQuery>): MemberPaymentRow[] {
  return rows.map((r) => {
    const invoice = r.invoiceId ? { stripeInvoiceId: r.invoiceId, number: r.invoiceNumber, hostedInvoiceUrl: r.invoiceUrl, subscription: !!r.invoiceSubscription } : null;
    // JSON carries the request times as text (to the microsecond): back to dates.
    const refundRequests = r.refundRequests.map((q) => ({ ...q, createdAt: new Date(q.createdAt) }));
    return {
      payment: r.payment,
      payerId: r.payerId,
      memberEmail: r.memberEmail,
      memberName: r.memberName,
      invoice,
      checkoutItem: r.checkoutItem,
      refundRequests,
      dispute: r.dispute,
      position: { createdUs: r.position, id: r.payment.id },
    };
  });
}

/** Payments with their payer (the portal user, else the member owning the customer), for detailsQuery. */
const paymentsWithPayer = (db: Db) =>
  db
    .select({ ...getTableColumns(payments), payerId: payerId.as(PAYER) })
    .from(payments)
    .leftJoin(memberStripeCustomers, payerLink);

/**
 * One payment of this tenant that belongs to a member; with `userId`, only if it is that member's
 * (started by them, or charged to their Stripe customer).
 */
export async function getMemberPayment(db: Db, { tenantId, paymentId, userId }: { tenantId: string; paymentId: string; userId?: string }): Promise<MemberPaymentRow | undefined> {
  const narrow = paymentsWithPayer(db)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId), userId ? sql`${payerId} = ${userId}` : sql`${payerId} is not null`))
    .limit(1);
  const [row] = toMemberPayments(await detailsQuery(db, narrow.getSQL(), 1));
  return row;
}

/** A value, or a named placeholder of a statement built once and run with values (listPayments). */
type Param<T> = T | Placeholder;

/** The filter as a statement is built from it: plain pages carry placeholders for their values. */
type ListShape = Omit<PaymentListFilter, "tenantId" | "userId" | "cursor" | "limit"> & {
  tenantId: Param<string>;
  userId?: Param<string>;
  cursor?: { createdUs: Param<string>; id: Param<string> };
  limit: Param<number>;
};

function listConditions(f: ListShape, person: (text: string) => SQL): (SQL | undefined)[] {
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
 * The list pages without dates or a search (the first page or the one after a cursor, by any
 * status) run statements built once per shape: Drizzle spent more CPU writing this statement on
 * every request (0.7 ms) than Postgres spends planning it. At most 24 shapes: the status is one of
 * five (validated where a request names it).
 */
const builtList = builtOncePerShape(
  (shape: { own: boolean; after: boolean; status?: PaymentStatusFilter }) => `${shape.own ? "own" : "all"}_${shape.status ?? "any"}${shape.after ? "_after" : ""}`,
  (db, shape, key) =>
    listQuery(db, {
      tenantId: sql.placeholder("tenantId"),
      userId: shape.own ? sql.placeholder("userId") : undefined,
      status: shape.status,
      cursor: shape.after ? { createdUs: sql.placeholder("cursorUs"), id: sql.placeholder("cursorId") } : undefined,
      limit: sql.placeholder("limit"),
    }).prepare(`payments_list_${key}`),
);

/**
 * Newest first, keyset-paginated on (created_at, id): every payment that belongs to a member.
 */
export async function listPayments(db: Db, f: PaymentListFilter): Promise<MemberPaymentRow[]> {
  if (f.from || f.to || f.search) return toMemberPayments(await listQuery(db, f));
  const statement = builtList(db, { own: !!f.userId, after: !!f.cursor, status: f.status });
  return toMemberPayments(await statement.execute({ tenantId: f.tenantId, userId: f.userId, cursorUs: f.cursor?.createdUs, cursorId: f.cursor?.id, limit: f.limit }));
}

function listQuery(db: Db, f: ListShape): DetailsQuery {
  if (f.userId) return ownListQuery(db, { ...f, userId: f.userId });
  // The narrow read has no users row: a search for a person finds the people first (one hashed set).
  const payerIs = (text: string) => sql`${payerId} in (select ${users.id} from ${users} where ${personMatches(text)})`;
  const narrow = paymentsWithPayer(db)
    .where(and(...listConditions(f, payerIs), sql`${payerId} is not null`))
    .orderBy(...newestFirst)
    .limit(f.limit);
  return detailsQuery(db, narrow.getSQL(), f.limit);
}

/**
 * One member's payments: what they started in the portal (tenant, user, created) and what Stripe
 * charged each of their customers with no portal link (tenant, customer, created where user_id is
 * null), each read in index order up to the page size, then merged by detailsQuery.
 */
function ownListQuery(db: Db, f: ListShape & { userId: Param<string> }): DetailsQuery {
  // Every row is the member's, so a search for a person asks whether the member is that person.
  const member = (text: string) => sql`exists (select 1 from ${users} where ${users.id} = ${f.userId} and ${personMatches(text)})`;
  const base = listConditions(f, member);
  const started = db
    .select({ ...getTableColumns(payments), payerId: sql<string>`${f.userId}::text`.as(PAYER) })
    .from(payments)
    .where(and(...base, eq(payments.userId, f.userId)))
    .orderBy(...newestFirst)
    .limit(f.limit);
  const unlinked = db
    .select()
    .from(payments)
    .where(and(...base, isNull(payments.userId), eq(payments.mode, memberStripeCustomers.mode), eq(payments.stripeCustomerId, memberStripeCustomers.stripeCustomerId)))
    .orderBy(...newestFirst)
    .limit(f.limit)
    .as("charged");
  const charged = db
    .select({ ...unlinked._.selectedFields, payerId: memberStripeCustomers.userId })
    .from(memberStripeCustomers)
    .crossJoinLateral(unlinked)
    .where(and(eq(memberStripeCustomers.tenantId, f.tenantId), eq(memberStripeCustomers.userId, f.userId)));
  return detailsQuery(db, sql`(${started}) union all (${charged})`, f.limit);
}
