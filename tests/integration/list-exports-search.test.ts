import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { creditLedger, invoices, payments, users } from "@/db/schema";
import { eq } from "drizzle-orm";
import { createApiKey } from "@/lib/api-keys/manage-api-keys";
import { createUser } from "@/db/queries/users";
import { addMembership } from "@/db/queries/memberships";
import { loadMembersView } from "@/lib/members/members-view";
import { listPaymentViews } from "@/lib/payments/read-payments";
import { paymentListFilters } from "@/lib/payments/api-schemas";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { createTestTenant, useTestDb } from "../helpers/db";

let db: Db;
type Route = { GET: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> };
const routes: Record<string, Route> = {};

beforeAll(async () => {
  db = (await useTestDb()).db;
  routes.members = await import("@/app/api/members/export/route");
  routes.subscriptions = await import("@/app/api/subscriptions/export/route");
  routes.invoices = await import("@/app/api/invoices/export/route");
  routes["credits/ledger"] = await import("@/app/api/credits/ledger/export/route");
});

const get = (path: string, key: string) => routes[path]!.GET(new Request(`http://portal.test/api/${path}/export`, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({}) });
const csvRows = async (res: Response) => (await res.text()).split("\r\n").filter(Boolean);

async function tenantWithData(label: string) {
  const t = await createTestTenant(db, label);
  const adminKey = (await createApiKey(db, { tenantId: t.tenant.id, userId: t.admin.id }, { name: "Books", role: "ROLE_CLIENT_ADMIN" })).token;
  const memberKey = (await createApiKey(db, { tenantId: t.tenant.id, userId: t.admin.id }, { name: "Kiosk", role: "ROLE_MEMBER" })).token;
  await db.insert(invoices).values({ tenantId: t.tenant.id, mode: "test", stripeInvoiceId: `in_${label}${randomUUID().slice(0, 8)}`, stripeCustomerId: "cus_x", status: "open", number: `INV-${label}`, amountDue: 8500, amountPaid: 0, amountRemaining: 8500, currency: "usd", dueDate: new Date("2026-12-20T00:00:00Z"), lastEventCreated: 1, lastEventId: "evt_1" });
  await db.insert(creditLedger).values({ tenantId: t.tenant.id, userId: t.member.id, delta: 3750, reason: "purchase", description: "=Credit top-up", idempotencyKey: `purchase:pi_${label}` });
  return { ...t, adminKey, memberKey };
}

describe("CSV exports of members, subscriptions, invoices and the credit ledger", () => {
  it("stream the tenant's own rows only, with a header, formulas defused; members get 403", async () => {
    const t = await tenantWithData("exa");
    const other = await tenantWithData("exb");
    for (const path of Object.keys(routes)) {
      const res = await get(path, t.adminKey);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="[a-z-]+-exa-[a-z0-9]+-\d{4}-\d\d-\d\d\.csv"$/);
      expect((await get(path, t.memberKey)).status, `${path} as a member`).toBe(403);
    }
    const members = await csvRows(await get("members", t.adminKey));
    expect(members[0]).toBe("user_id,email,name,role,joined_at");
    expect(members.slice(1).map((l) => l.split(",")[1]).sort()).toEqual([t.admin.email, t.member.email].sort());
    expect(members.join("\n")).not.toContain(other.member.email);

    const invoiceRows = await csvRows(await get("invoices", t.adminKey));
    expect(invoiceRows).toHaveLength(2);
    expect(invoiceRows[1]).toContain(",INV-exa,,open,85.00,0.00,85.00,USD,2026-12-20T00:00:00.000Z,");

    const ledger = await csvRows(await get("credits/ledger", t.adminKey));
    expect(ledger).toHaveLength(2);
    expect(ledger[1]).toContain(`${t.member.email},3750,purchase,'=Credit top-up,`);

    expect(await csvRows(await get("subscriptions", t.adminKey))).toHaveLength(1);
  });

  it("the members export walks keyset batches past 200 members without repeating or skipping anyone", async () => {
    const t = await tenantWithData("exbig");
    for (let i = 0; i < 230; i++) {
      const u = await createUser(db, { email: `m${String(i).padStart(3, "0")}-${randomUUID().slice(0, 6)}@big.test`, name: `Member ${i}`, passwordHash: "x" });
      await addMembership(db, { tenantId: t.tenant.id, userId: u.id, role: "ROLE_MEMBER" });
    }
    const rows = (await csvRows(await get("members", t.adminKey))).slice(1);
    expect(rows).toHaveLength(232);
    expect(new Set(rows.map((r) => r.split(",")[0])).size).toBe(232);
    const emails = rows.map((r) => r.split(",")[1]!);
    expect([...emails].sort()).toEqual(emails);
  });
});

describe("search", () => {
  it("members by name or e-mail (contains, any case; % is literal), paginated with a cursor", async () => {
    const t = await createTestTenant(db, "msearch");
    await db.update(users).set({ name: "Ada Lovelace" }).where(eq(users.id, t.member.id));
    const byName = await loadMembersView(db, { tenantId: t.tenant.id, q: "lovel" });
    expect(byName.members.map((m) => m.userId)).toEqual([t.member.id]);
    const byEmail = await loadMembersView(db, { tenantId: t.tenant.id, q: t.admin.email.slice(0, 12).toUpperCase() });
    expect(byEmail.members.map((m) => m.userId)).toEqual([t.admin.id]);
    expect((await loadMembersView(db, { tenantId: t.tenant.id, q: "%" })).members).toEqual([]);
    // Another tenant's members never match.
    const other = await createTestTenant(db, "msearch2");
    expect((await loadMembersView(db, { tenantId: t.tenant.id, q: other.member.email })).members).toEqual([]);
    for (let i = 0; i < 30; i++) {
      const u = await createUser(db, { email: `p${String(i).padStart(2, "0")}-${randomUUID().slice(0, 6)}@page.test`, name: null, passwordHash: "x" });
      await addMembership(db, { tenantId: t.tenant.id, userId: u.id, role: "ROLE_MEMBER" });
    }
    const first = await loadMembersView(db, { tenantId: t.tenant.id, q: "@page.test" });
    expect(first.members).toHaveLength(25);
    const second = await loadMembersView(db, { tenantId: t.tenant.id, q: "@page.test", cursor: first.nextCursor ?? undefined });
    expect(second.members).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.members, ...second.members].map((m) => m.userId)).size).toBe(30);
    const newest = await loadMembersView(db, { tenantId: t.tenant.id, q: "@page.test", sort: "newest" });
    expect(newest.members[0]?.email).toMatch(/^p29-/);
  });

  it("payments by member e-mail, by amount, by PaymentIntent id", async () => {
    const t = await createTestTenant(db, "psearch");
    const other = await createTestTenant(db, "psearch2");
    // Searching "40" also searches e-mails: the member's must hold no digits (a random hex suffix
    // contained "40" now and then, and the member's payment was found too).
    t.member.email = `member-${randomUUID().replace(/[^a-f]/g, "").slice(0, 8)}@psearch.test`;
    await db.update(users).set({ email: t.member.email }).where(eq(users.id, t.member.id));
    const pay = (tenantId: string, userId: string, amount: number) => ({
      tenantId,
      mode: "test" as const,
      stripePaymentIntentId: `pi_s_${randomUUID().replaceAll("-", "")}`,
      stripeCustomerId: "cus_s",
      status: "succeeded",
      amount,
      amountReceived: amount,
      currency: "usd",
      description: "Ticket",
      userId,
      lastEventCreated: 1,
      lastEventId: "evt_s",
    });
    const rows = [pay(t.tenant.id, t.member.id, 2500), pay(t.tenant.id, t.admin.id, 4000), pay(other.tenant.id, other.member.id, 2500)];
    await db.insert(payments).values(rows);
    const admin: TenantActor = { tenantId: t.tenant.id, tenantSlug: t.tenant.slug, userId: t.admin.id, role: "ROLE_CLIENT_ADMIN" };
    const search = async (q: string) => (await listPaymentViews(db, admin, paymentListFilters({ q }))).data.map((p) => p.stripePaymentIntentId);
    expect(await search(t.member.email.slice(0, 10))).toEqual([rows[0]!.stripePaymentIntentId]);
    expect(await search("25.00")).toEqual([rows[0]!.stripePaymentIntentId]);
    expect(await search("40")).toEqual([rows[1]!.stripePaymentIntentId]);
    expect(await search(rows[1]!.stripePaymentIntentId)).toEqual([rows[1]!.stripePaymentIntentId]);
    // Another tenant's PaymentIntent id finds nothing here.
    expect(await search(rows[2]!.stripePaymentIntentId)).toEqual([]);
  });
});
