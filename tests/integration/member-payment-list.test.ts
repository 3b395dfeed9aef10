import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { getUserWithTenant } from "@/db/queries/tenants";
import { disputes, invoices, memberships, memberStripeCustomers, paymentRefundRequests, payments, refunds, users } from "@/db/schema";
import { listPaymentViews } from "@/lib/payments/read-payments";
import { createTestTenant, useTestDb } from "../helpers/db";

/*
 * A member's own payment list is read as narrow, index-ordered reads merged into one page (what
 * they started in the portal, and what Stripe charged each of their customers). These tests pin
 * what a member sees: the newest page across all sources, nobody else's payments, the invoice and
 * refund details of each row, and search — plus the one-statement user-and-tenant lookup every
 * tenant page starts with.
 */

let db: Db;
beforeAll(async () => {
  db = (await useTestDb()).db;
});

type Source = { userId: string | null; customer: string; mode: "test" | "live" };

/** One payment per minute going back from a fixed instant, so the newest-first order is known. */
async function seed(tenantId: string, spec: (Source & { minutesAgo: number; amount: number })[]) {
  const rows = spec.map((s) => ({
    tenantId,
    mode: s.mode,
    stripePaymentIntentId: `pi_list_${randomUUID().replaceAll("-", "")}`,
    stripeCustomerId: s.customer,
    status: "succeeded",
    amount: s.amount,
    amountReceived: s.amount,
    currency: "usd",
    userId: s.userId,
    lastEventCreated: 1,
    lastEventId: "evt_seed",
    createdAt: new Date(Date.UTC(2026, 10, 30, 12, 0) - s.minutesAgo * 60_000),
  }));
  return db.insert(payments).values(rows).returning();
}

const actorOf = (tenant: { id: string; slug: string }, userId: string, role: "ROLE_MEMBER" | "ROLE_CLIENT_ADMIN") => ({ tenantId: tenant.id, tenantSlug: tenant.slug, userId, role });

describe("a member's payment list", () => {
  it("is the newest page across portal purchases and charges to each of the member's customers, and nobody else's", async () => {
    const { tenant, admin, member } = await createTestTenant(db, "own-list");
    const other = (await db.insert(users).values({ email: `other-${randomUUID().slice(0, 8)}@own-list.test`, name: "Other Member" }).returning())[0]!;
    await db.insert(memberships).values({ tenantId: tenant.id, userId: other.id, role: "ROLE_MEMBER" });
    await db.insert(memberStripeCustomers).values([
      { tenantId: tenant.id, userId: member.id, mode: "test", stripeCustomerId: "cus_own_test" },
      { tenantId: tenant.id, userId: member.id, mode: "live", stripeCustomerId: "cus_own_live" },
      { tenantId: tenant.id, userId: other.id, mode: "test", stripeCustomerId: "cus_other" },
    ]);
    // Interleaved by minute: more of each source than a page holds, so a read that stopped at the
    // page size in the wrong order, or forgot a source, shows up in the first page.
    const spec: (Source & { minutesAgo: number; amount: number })[] = [];
    for (let i = 0; i < 40; i++) {
      const sources: Source[] = [
        { userId: member.id, customer: "cus_own_test", mode: "test" },
        { userId: null, customer: "cus_own_test", mode: "test" },
        { userId: null, customer: "cus_own_live", mode: "live" },
        { userId: null, customer: "cus_other", mode: "test" },
        { userId: other.id, customer: "cus_other", mode: "test" },
        { userId: null, customer: "cus_nobody", mode: "test" },
      ];
      const source = sources[i % sources.length]!;
      spec.push({ ...source, minutesAgo: i, amount: 1000 + i });
    }
    const inserted = await seed(tenant.id, spec);
    const mine = spec.filter((s) => s.userId === member.id || (s.userId === null && s.customer.startsWith("cus_own"))).map((s) => s.amount);

    const memberActor = actorOf(tenant, member.id, "ROLE_MEMBER");
    const first = await listPaymentViews(db, memberActor, { ownOnly: true, limit: 10 });
    expect(first.data.map((p) => p.amount)).toEqual(mine.slice(0, 10));
    expect(new Set(first.data.map((p) => p.member?.id))).toEqual(new Set([member.id]));
    expect(first.data[0]?.member?.email).toBe(member.email);

    const seen = [...first.data];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await listPaymentViews(db, memberActor, { ownOnly: true, limit: 10, cursor });
      seen.push(...page.data);
      cursor = page.nextCursor;
    }
    expect(seen.map((p) => p.amount)).toEqual(mine);

    // The admin's list of this member is the same payments; the admin's own history is empty.
    const adminActor = actorOf(tenant, admin.id, "ROLE_CLIENT_ADMIN");
    expect((await listPaymentViews(db, adminActor, { userId: member.id, limit: 100 })).data.map((p) => p.amount)).toEqual(mine);
    expect((await listPaymentViews(db, adminActor, { ownOnly: true, limit: 100 })).data).toEqual([]);
    // The admin's whole list: every payment a member owns, not the unowned customer's.
    const all = (await listPaymentViews(db, adminActor, { limit: 100 })).data;
    expect(all).toHaveLength(spec.filter((s) => s.customer !== "cus_nobody").length);
    expect(all.find((p) => p.stripePaymentIntentId === inserted.find((r) => r.stripeCustomerId === "cus_nobody")?.stripePaymentIntentId)).toBeUndefined();
  });

  it("shows each row's invoice, what was really refunded, the refunds asked for and the latest dispute", async () => {
    const { tenant, admin, member } = await createTestTenant(db, "own-details");
    await db.insert(memberStripeCustomers).values({ tenantId: tenant.id, userId: member.id, mode: "test", stripeCustomerId: "cus_details" });
    const [renewal, purchase] = await seed(tenant.id, [
      { userId: null, customer: "cus_details", mode: "test", minutesAgo: 1, amount: 2500 },
      { userId: member.id, customer: "cus_details", mode: "test", minutesAgo: 2, amount: 900 },
    ]);
    await db.insert(invoices).values({
      tenantId: tenant.id,
      mode: "test",
      lastEventCreated: 1,
      lastEventId: "evt_seed",
      stripeInvoiceId: "in_details",
      stripeCustomerId: "cus_details",
      stripeSubscriptionId: "sub_details",
      stripePaymentIntentId: renewal!.stripePaymentIntentId,
      status: "paid",
      number: "MP-0007",
      amountDue: 2500,
      amountPaid: 2500,
      amountRemaining: 0,
      currency: "usd",
    });
    const failedRefundId = `re_failed_${randomUUID()}`;
    // The charge said 900 refunded, but 400 of it was a refund that later failed: 500 went back.
    await db.update(payments).set({ amountRefunded: 900 }).where(eq(payments.id, purchase!.id));
    await db.insert(refunds).values([
      { tenantId: tenant.id, mode: "test", lastEventCreated: 1, lastEventId: "evt_seed", stripeRefundId: `re_${randomUUID()}`, stripePaymentIntentId: purchase!.stripePaymentIntentId, amount: 500, currency: "usd", status: "succeeded" },
      { tenantId: tenant.id, mode: "test", lastEventCreated: 1, lastEventId: "evt_seed", stripeRefundId: failedRefundId, stripePaymentIntentId: purchase!.stripePaymentIntentId, amount: 400, currency: "usd", status: "failed" },
    ]);

    // Two refunds an admin asked for: the later one Stripe has not confirmed yet; the earlier failed.
    await db.insert(paymentRefundRequests).values([
      { tenantId: tenant.id, paymentId: purchase!.id, stripeRefundId: failedRefundId, amount: 400, currency: "usd", reason: "requested_by_customer", requestedBy: admin.id, createdAt: new Date("2026-11-30T12:01:00.123456Z") },
      { tenantId: tenant.id, paymentId: purchase!.id, stripeRefundId: "re_unconfirmed", amount: 100, currency: "usd", reason: "duplicate", note: "charged twice", requestedBy: admin.id, createdAt: new Date("2026-11-30T12:02:00Z") },
    ]);
    // Two disputes on the renewal: the list shows the latest.
    const dispute = (n: number, status: string) => ({
      tenantId: tenant.id,
      mode: "test" as const,
      lastEventCreated: 1,
      lastEventId: "evt_seed",
      stripeDisputeId: `dp_${n}_${randomUUID()}`,
      stripeChargeId: "ch_details",
      stripePaymentIntentId: renewal!.stripePaymentIntentId,
      status,
      amount: 2500,
      currency: "usd",
      reason: "fraudulent",
      createdAt: new Date(Date.UTC(2026, 10, 30, 12, n)),
    });
    await db.insert(disputes).values([dispute(1, "lost"), dispute(2, "needs_response")]);
    const { data } = await listPaymentViews(db, actorOf(tenant, member.id, "ROLE_MEMBER"), { ownOnly: true });
    expect(data.map((p) => [p.amount, p.invoice?.number ?? null, p.invoice?.subscription ?? null, p.amountRefunded])).toEqual([
      [2500, "MP-0007", true, 0],
      [900, null, null, 500],
    ]);
    expect(data.map((p) => p.createdAt.toISOString())).toEqual(["2026-11-30T11:59:00.000Z", "2026-11-30T11:58:00.000Z"]);
    expect(data[0]?.dispute?.status).toBe("needs_response");
    expect(data[1]?.dispute).toBeNull();
    expect(data[0]?.refunds).toEqual([]);
    expect(data[1]?.refunds.map((r) => [r.stripeRefundId, r.amount, r.status, r.failureReason, r.requestedBy, r.note, r.createdAt.toISOString()])).toEqual([
      ["re_unconfirmed", 100, "pending", null, admin.email, "charged twice", "2026-11-30T12:02:00.000Z"],
      [failedRefundId, 400, "failed", null, admin.email, null, "2026-11-30T12:01:00.123Z"],
    ]);
    expect(data[1]?.amountRefundPending).toBe(100);
  });

  it("searches the member's own payments by id and amount, and by person only as the member themself", async () => {
    const { tenant, admin, member } = await createTestTenant(db, "own-search");
    await db.insert(memberStripeCustomers).values({ tenantId: tenant.id, userId: member.id, mode: "test", stripeCustomerId: "cus_search" });
    const rows = await seed(tenant.id, [
      { userId: member.id, customer: "cus_search", mode: "test", minutesAgo: 1, amount: 1234 },
      { userId: null, customer: "cus_search", mode: "test", minutesAgo: 2, amount: 5678 },
    ]);
    const memberActor = actorOf(tenant, member.id, "ROLE_MEMBER");
    const amounts = async (text: string, amount: number | null = null, actor = memberActor, userId?: string) =>
      (await listPaymentViews(db, actor, { ownOnly: actor === memberActor, userId, search: { text, amount } })).data.map((p) => p.amount);

    expect(await amounts(member.email)).toEqual([1234, 5678]);
    expect(await amounts(admin.email)).toEqual([]);
    expect(await amounts(rows[1]!.stripePaymentIntentId)).toEqual([5678]);
    expect(await amounts(rows[0]!.id)).toEqual([1234]);
    expect(await amounts("56.78", 5678)).toEqual([5678]);
    // `%` typed in a search is a literal percent sign, not a wildcard that matches everyone.
    expect(await amounts("%")).toEqual([]);
    // An admin looking at this member and searching by the member's name.
    expect(await amounts("Test Member", null, actorOf(tenant, admin.id, "ROLE_CLIENT_ADMIN"), member.id)).toEqual([1234, 5678]);
  });
});

describe("status filters of the payment lists", () => {
  it("find the same payments in the admin's list and the member's, page after page", async () => {
    const { tenant, admin, member } = await createTestTenant(db, "filters");
    await db.insert(memberStripeCustomers).values({ tenantId: tenant.id, userId: member.id, mode: "test", stripeCustomerId: "cus_filters" });
    // Newest first: A … F, half started in the portal and half charged by Stripe.
    const spec = [
      { label: "A", status: "succeeded", error: null, refunded: 0 },
      { label: "B", status: "succeeded", error: null, refunded: 1000 },
      { label: "C", status: "requires_payment_method", error: "Your card was declined.", refunded: 0 },
      { label: "D", status: "requires_payment_method", error: null, refunded: 0 },
      { label: "E", status: "processing", error: null, refunded: 0 },
      { label: "F", status: "canceled", error: null, refunded: 0 },
    ];
    const rows = await seed(
      tenant.id,
      spec.map((p, i) => ({ userId: i % 2 ? null : member.id, customer: "cus_filters", mode: "test" as const, minutesAgo: i, amount: 1000 })),
    );
    for (const [i, p] of spec.entries()) {
      await db.update(payments).set({ status: p.status, lastPaymentError: p.error, amountRefunded: p.refunded, description: p.label }).where(eq(payments.id, rows[i]!.id));
    }
    const expected = { succeeded: ["A", "B"], refunded: ["B"], failed: ["C"], pending: ["D", "E"], canceled: ["F"] } as const;
    for (const [actor, scope] of [
      [actorOf(tenant, admin.id, "ROLE_CLIENT_ADMIN"), {}],
      [actorOf(tenant, member.id, "ROLE_MEMBER"), { ownOnly: true }],
    ] as const) {
      for (const [status, labels] of Object.entries(expected) as [keyof typeof expected, readonly string[]][]) {
        // One payment per page, so the second page runs the statement that starts after a cursor.
        const seen: (string | null)[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages < 5; pages++) {
          const page = await listPaymentViews(db, actor, { ...scope, status, limit: 1, ...(cursor ? { cursor } : {}) });
          seen.push(...page.data.map((p) => p.description));
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        expect(seen, `${actor.role} ${status}`).toEqual(labels);
      }
    }
  });
});

describe("the user-and-tenant lookup of a tenant page", () => {
  it("answers the user, the tenant and the membership together, and tells an unknown slug from a non-member", async () => {
    const { tenant, member } = await createTestTenant(db, "lookup");
    const elsewhere = await createTestTenant(db, "lookup-other");

    const own = await getUserWithTenant(db, { userId: member.id, slug: tenant.slug });
    expect(own?.user.email).toBe(member.email);
    expect(own?.tenant?.tenant.id).toBe(tenant.id);
    expect(own?.tenant?.membership?.role).toBe("ROLE_MEMBER");
    expect(own?.tenant?.platformStatus).toBeNull();

    const notMine = await getUserWithTenant(db, { userId: member.id, slug: elsewhere.tenant.slug });
    expect(notMine?.user.id).toBe(member.id);
    expect(notMine?.tenant?.tenant.id).toBe(elsewhere.tenant.id);
    expect(notMine?.tenant?.membership).toBeNull();

    const unknown = await getUserWithTenant(db, { userId: member.id, slug: `no-such-${randomUUID()}` });
    expect(unknown?.user.id).toBe(member.id);
    expect(unknown?.tenant).toBeUndefined();

    await db.execute(sql`delete from ${memberships} where ${memberships.userId} = ${member.id}`);
    await db.delete(users).where(eq(users.id, member.id));
    expect(await getUserWithTenant(db, { userId: member.id, slug: tenant.slug })).toBeUndefined();
  });
});
