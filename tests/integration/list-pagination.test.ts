import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { catalogPrices, catalogProducts, invoices, memberSubscriptions } from "@/db/schema";
import { encodeListCursor } from "@/lib/lists/list-params";
import { loadInvoiceListPage, loadProductListPage, loadSubscriptionListPage } from "@/lib/lists/sorted-lists";
import { createTestTenant, useTestDb } from "../helpers/db";

/*
 * The sortable admin lists (invoices, memberships, catalog products) page with keyset cursors. Many
 * rows share a date, an amount or a status on purpose: following "Next page" from the first page must
 * show every row exactly once, in the order asked for, with ties in a stable order. Bad URL input
 * falls back to the first page of the default sort and says so.
 */

let db: Db;
let tenantId: string;
const base = "/t/admin/list";
// Three instants in the same millisecond and one a second later: ties a millisecond cursor would break.
const at = (us: number) => sql`timestamptz '2026-06-01T10:00:00Z' + ${us} * interval '1 microsecond'`;
const instants = [0, 1, 2, 1_000_000];
const STATUSES = ["open", "paid", "void", null];

beforeAll(async () => {
  db = (await useTestDb()).db;
  const t = await createTestTenant(db, "lists");
  tenantId = t.tenant.id;
  for (let i = 0; i < 37; i++) {
    await db.insert(invoices).values({
      tenantId,
      mode: "test",
      lastEventCreated: 1,
      lastEventId: `evt_${i}`,
      stripeInvoiceId: `in_list_${i}`,
      status: STATUSES[i % 4],
      amountDue: [2900, 1500, 2900][i % 3]!,
      amountPaid: 0,
      amountRemaining: 0,
      currency: "usd",
      createdAt: at(instants[i % 4]!),
    });
  }
  const products = [];
  for (let i = 0; i < 23; i++) {
    const [p] = await db.insert(catalogProducts).values({ tenantId, kind: "membership_plan", name: `Plan ${i}`, active: i % 5 !== 0, createdAt: at(instants[i % 4]!) }).returning();
    const [price] = await db.insert(catalogPrices).values({ tenantId, productId: p!.id, amount: [1000, 2500][i % 2]!, currency: "usd", type: "recurring", interval: "month" }).returning();
    products.push({ productId: p!.id, priceId: price!.id });
  }
  for (let i = 0; i < 29; i++) {
    const { productId, priceId } = products[i % 7]!;
    await db.insert(memberSubscriptions).values({ tenantId, mode: "test", userId: t.member.id, productId, catalogPriceId: priceId, stripeSubscriptionId: `sub_list_${i}`, stripeCustomerId: "cus_list", createdAt: at(instants[i % 4]!) });
  }
});

type Loader = (params: Record<string, string>) => Promise<{ rows: { cursorIdOf: string; key: string }[]; nextHref: string | null; notices: string[] }>;

const invoicesLoader: Loader = async (params) => {
  const r = await loadInvoiceListPage(db, { tenantId, base, params, limit: 10 });
  return { rows: r.rows.map((x) => ({ cursorIdOf: x.cursorId, key: x.cursorKey })), nextHref: r.links.nextHref, notices: r.links.notices };
};
const subscriptionsLoader: Loader = async (params) => {
  const r = await loadSubscriptionListPage(db, { tenantId, base, params, limit: 10 });
  return { rows: r.rows.map((x) => ({ cursorIdOf: x.cursorId, key: x.cursorKey })), nextHref: r.links.nextHref, notices: r.links.notices };
};
const productsLoader: Loader = async (params) => {
  const r = await loadProductListPage(db, { tenantId, base, params, limit: 10 });
  return { rows: r.rows.map((x) => ({ cursorIdOf: x.id, key: "" })), nextHref: r.links.nextHref, notices: r.links.notices };
};

/** Follows "Next page" links from the first page; returns every row seen, in order. */
async function walk(load: Loader, params: Record<string, string>) {
  const seen: { cursorIdOf: string; key: string }[] = [];
  let current: Record<string, string> | null = params;
  let pages = 0;
  while (current) {
    const page = await load(current);
    expect(page.notices).toEqual([]);
    seen.push(...page.rows);
    current = page.nextHref ? Object.fromEntries(new URL(page.nextHref, "http://x").searchParams) : null;
    if (++pages > 20) throw new Error("no end to the pages");
  }
  return seen;
}

const compare = (a: string, b: string, numeric: boolean) => (numeric ? Number(BigInt(a) - BigInt(b)) || 0 : a < b ? -1 : a > b ? 1 : 0);

describe("sortable keyset lists", () => {
  const lists = [
    ["invoices", invoicesLoader, 37],
    ["memberships", subscriptionsLoader, 29],
  ] as const;
  for (const [name, load, total] of lists) {
    for (const sort of ["date", "amount", "status"] as const) {
      for (const dir of ["asc", "desc"] as const) {
        it(`${name} by ${sort} ${dir}: every row once, in order, ties broken by id`, async () => {
          const rows = await walk(load, { sort, dir });
          expect(rows).toHaveLength(total);
          expect(new Set(rows.map((r) => r.cursorIdOf)).size).toBe(total);
          const numeric = sort !== "status";
          const sign = dir === "asc" ? 1 : -1;
          for (let i = 1; i < rows.length; i++) {
            const [a, b] = [rows[i - 1]!, rows[i]!];
            const byKey = compare(a.key, b.key, numeric);
            expect(sign * byKey, `${a.key} then ${b.key}`).toBeLessThanOrEqual(0);
            if (byKey === 0) expect(sign * compare(a.cursorIdOf, b.cursorIdOf, false)).toBeLessThan(0);
          }
          // The same walk again gives the same order (stable over ties).
          expect((await walk(load, { sort, dir })).map((r) => r.cursorIdOf)).toEqual(rows.map((r) => r.cursorIdOf));
        });
      }
    }
  }

  it("catalog products by each sort: all 23 once across pages of 10", async () => {
    for (const sort of ["date", "amount", "status"]) {
      const rows = await walk(productsLoader, { sort, dir: "desc" });
      expect(rows).toHaveLength(23);
      expect(new Set(rows.map((r) => r.cursorIdOf)).size).toBe(23);
    }
  });

  it("bad input falls back to the first page of the default order and says why", async () => {
    const first = await invoicesLoader({});
    const sameAsDefault = (page: Awaited<ReturnType<Loader>>) => expect(page.rows.map((r) => r.cursorIdOf)).toEqual(first.rows.map((r) => r.cursorIdOf));

    const unknownSort = await invoicesLoader({ sort: "price; drop table invoices", dir: "asc" });
    sameAsDefault(unknownSort);
    expect(unknownSort.notices.join(" ")).toMatch(/not a sort this list offers: sorted by date instead/);

    const badDir = await invoicesLoader({ dir: "sideways" });
    sameAsDefault(badDir);
    expect(badDir.notices.join(" ")).toMatch(/not a direction/);

    for (const after of ["garbage!!", "bm90IGpzb24", encodeListCursor("amount", "desc", { key: "2900", id: randomUUID() }), encodeListCursor("date", "desc", { key: "soon", id: randomUUID() }), encodeListCursor("date", "desc", { key: "1", id: "1 or 1=1" })]) {
      const page = await invoicesLoader({ sort: "date", dir: "desc", after });
      sameAsDefault(page);
      expect(page.notices.join(" "), after).toMatch(/no longer fits this list: showing the first page/);
    }
    // A cursor past the last row is a valid, empty page: the page says so instead of showing nothing.
    const past = await invoicesLoader({ sort: "date", dir: "desc", after: encodeListCursor("date", "desc", { key: "0", id: randomUUID() }) });
    expect(past).toMatchObject({ rows: [], notices: [], nextHref: null });
  });
});
