import type { Db } from "@/db/client";
import { listCursorFits, listInvoicePage, listProductPage, listSubscriptionPage, type ListSort } from "@/db/queries/sorted-pages";
import { listLinks, parseListParams, type ListSpec } from "./list-params";

/*
 * The admin lists that sort by date, amount or status with keyset pages: what each offers and the
 * one call a page makes (parse the URL, read one page, build the links). Callers check the role.
 */

type RawParams = Record<string, string | string[] | undefined>;

const SORTS = (amount: string) =>
  ({
    date: { label: "Date", defaultDir: "desc" },
    amount: { label: amount, defaultDir: "desc" },
    status: { label: "Status", defaultDir: "asc" },
  }) as const;

export const INVOICE_LIST: ListSpec<ListSort> = { sorts: SORTS("Amount"), defaultSort: "date" };
export const SUBSCRIPTION_LIST: ListSpec<ListSort> = { sorts: SORTS("Price"), defaultSort: "date" };
export const PRODUCT_LIST: ListSpec<ListSort> = { sorts: SORTS("Price"), defaultSort: "date" };

export const LIST_PAGE_SIZE = 25;

export async function loadInvoiceListPage(db: Db, { tenantId, base, status, params, limit = LIST_PAGE_SIZE }: { tenantId: string; base: string; status?: string; params: RawParams; limit?: number }) {
  const p = parseListParams(INVOICE_LIST, params, (sort, c) => listCursorFits("invoices", sort, c));
  const page = await listInvoicePage(db, { tenantId, status, sort: p.sort, dir: p.dir, after: p.after, limit });
  return { rows: page.rows, links: listLinks(INVOICE_LIST, p, base, page.next, { status }) };
}

export async function loadSubscriptionListPage(db: Db, { tenantId, base, params, limit = LIST_PAGE_SIZE }: { tenantId: string; base: string; params: RawParams; limit?: number }) {
  const p = parseListParams(SUBSCRIPTION_LIST, params, (sort, c) => listCursorFits("subscriptions", sort, c));
  const page = await listSubscriptionPage(db, { tenantId, sort: p.sort, dir: p.dir, after: p.after, limit });
  return { rows: page.rows, links: listLinks(SUBSCRIPTION_LIST, p, base, page.next) };
}

export async function loadProductListPage(db: Db, { tenantId, base, params, limit = LIST_PAGE_SIZE }: { tenantId: string; base: string; params: RawParams; limit?: number }) {
  const p = parseListParams(PRODUCT_LIST, params, (sort, c) => listCursorFits("products", sort, c));
  const page = await listProductPage(db, { tenantId, sort: p.sort, dir: p.dir, after: p.after, limit });
  return { rows: page.rows.map((r) => r.product), links: listLinks(PRODUCT_LIST, p, base, page.next) };
}
