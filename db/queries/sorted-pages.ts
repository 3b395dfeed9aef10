import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { catalogPrices, catalogProducts, invoices, memberStripeCustomers, memberSubscriptions, subscriptions, users } from "../schema";
import { invoiceMemberLink, invoiceRowFields } from "./billing-notices";
import { cursorFits, integerKey, keyset, pageOf, textKey, timestampKey, uuidKey, type KeysetCursor, type SortDirection, type SortKey } from "./keyset";
import { projectedSubscription, subscriptionRowFields } from "./member-subscriptions";

/*
 * The admin lists people sort: invoices, subscriptions and catalog products, each by date, amount or
 * status, keyset-paginated (keyset.ts). Every key is non-null; the row id breaks ties.
 */

export type ListSort = "date" | "amount" | "status";
type PageQuery = { tenantId: string; sort: ListSort; dir: SortDirection; after?: KeysetCursor | null; limit: number };

const INVOICE_KEYS: Record<ListSort, SortKey> = {
  date: timestampKey(invoices.createdAt),
  amount: integerKey(invoices.amountDue),
  status: textKey(sql`coalesce(${invoices.status}, '')`),
};
const INVOICE_ID = uuidKey(invoices.id);

/** One page of the tenant's invoices (optionally of one status), with the next page's cursor. */
export async function listInvoicePage(db: Db, q: PageQuery & { status?: string }) {
  const k = keyset({ key: INVOICE_KEYS[q.sort], id: INVOICE_ID, dir: q.dir, after: q.after });
  const rows = await db
    .select({ ...invoiceRowFields, cursorKey: k.cursorKey, cursorId: k.cursorId })
    .from(invoices)
    .leftJoin(memberStripeCustomers, invoiceMemberLink)
    .leftJoin(users, eq(users.id, memberStripeCustomers.userId))
    .where(and(eq(invoices.tenantId, q.tenantId), q.status ? eq(invoices.status, q.status) : undefined, k.where))
    .orderBy(...k.orderBy)
    .limit(q.limit + 1);
  return pageOf(rows, q.limit);
}

const SUBSCRIPTION_KEYS: Record<ListSort, SortKey> = {
  date: timestampKey(memberSubscriptions.createdAt),
  amount: integerKey(catalogPrices.amount),
  // Not yet projected (no Stripe event so far) sorts as "incomplete" would: first, not last.
  status: textKey(sql`coalesce(${subscriptions.status}, '')`),
};
const SUBSCRIPTION_ID = uuidKey(memberSubscriptions.id);

/** One page of the tenant's memberships, with the next page's cursor. */
export async function listSubscriptionPage(db: Db, q: PageQuery) {
  const k = keyset({ key: SUBSCRIPTION_KEYS[q.sort], id: SUBSCRIPTION_ID, dir: q.dir, after: q.after });
  const rows = await db
    .select({ ...subscriptionRowFields, cursorKey: k.cursorKey, cursorId: k.cursorId })
    .from(memberSubscriptions)
    .innerJoin(users, eq(users.id, memberSubscriptions.userId))
    .innerJoin(catalogProducts, eq(catalogProducts.id, memberSubscriptions.productId))
    .innerJoin(catalogPrices, eq(catalogPrices.id, memberSubscriptions.catalogPriceId))
    .leftJoin(subscriptions, projectedSubscription)
    .where(and(eq(memberSubscriptions.tenantId, q.tenantId), k.where))
    .orderBy(...k.orderBy)
    .limit(q.limit + 1);
  return pageOf(rows, q.limit);
}

/** A product's lowest active price (0 when it has none), so "amount" orders products as people compare them. */
const lowestPrice = sql`coalesce((select min(${catalogPrices.amount}) from ${catalogPrices} where ${catalogPrices.tenantId} = ${catalogProducts.tenantId} and ${catalogPrices.productId} = ${catalogProducts.id} and ${catalogPrices.active}), 0)`;

const PRODUCT_KEYS: Record<ListSort, SortKey> = {
  date: timestampKey(catalogProducts.createdAt),
  amount: integerKey(lowestPrice),
  status: textKey(sql`case when ${catalogProducts.active} then 'active' else 'inactive' end`),
};
const PRODUCT_ID = uuidKey(catalogProducts.id);

/** One page of the tenant's catalog products (prices are read for the page's products by the caller). */
export async function listProductPage(db: Db, q: PageQuery) {
  const k = keyset({ key: PRODUCT_KEYS[q.sort], id: PRODUCT_ID, dir: q.dir, after: q.after });
  const rows = await db
    .select({ product: catalogProducts, cursorKey: k.cursorKey, cursorId: k.cursorId })
    .from(catalogProducts)
    .where(and(eq(catalogProducts.tenantId, q.tenantId), k.where))
    .orderBy(...k.orderBy)
    .limit(q.limit + 1);
  return pageOf(rows, q.limit);
}

const KEYS = { invoices: [INVOICE_KEYS, INVOICE_ID], subscriptions: [SUBSCRIPTION_KEYS, SUBSCRIPTION_ID], products: [PRODUCT_KEYS, PRODUCT_ID] } as const;

/** Whether a cursor fits a list's sort (lib/lists/list-params.ts refuses the others before they reach SQL). */
export function listCursorFits(list: keyof typeof KEYS, sort: ListSort, cursor: KeysetCursor): boolean {
  const [keys, id] = KEYS[list];
  return cursorFits(cursor, keys[sort], id);
}
