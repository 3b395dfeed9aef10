import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, tenantStatusChanges, webhookEvents } from "@/db/schema";
import { isPlatformAdmin, listTenantsForPlatform } from "@/db/queries/platform";
import { getTenantById } from "@/db/queries/tenants";
import { getUserByEmail, getUserById } from "@/db/queries/users";
import { DomainError } from "@/lib/errors/domain-error";
import { createAdminInvoice } from "@/lib/invoices/create-admin-invoice";
import { createMemberPayment } from "@/lib/payments/create-member-payment";
import { loadPlatformTenantView } from "@/lib/platform/console-view";
import { grantOperator, revokeOperator } from "@/lib/platform/operators";
import { changeTenantStatus } from "@/lib/platform/tenant-status";
import { saveStripeKeys } from "@/lib/stripe-connection/save-stripe-keys";
import { createMemberCheckout } from "@/lib/subscriptions/checkout";
import { createMemberSubscription } from "@/lib/subscriptions/create-member-subscription";
import { previewPlanChange } from "@/lib/subscriptions/manage-subscription";
import { createTestTenant, useTestDb } from "../helpers/db";
import { setStripeEnv } from "../helpers/stripe-env";

let db: Db;
beforeAll(async () => {
  db = (await useTestDb()).db;
});
// No platform Stripe keys: a service that gets past the suspension gate stops at "not found" / "not configured".
beforeEach(() => setStripeEnv());

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe("suspending and reactivating a tenant", () => {
  it("records the status, its history and an entry in the tenant's audit log, once", async () => {
    const t = await createTestTenant(db, "suspend");
    const operator = t.admin; // any user id will do for the actor column here
    expect(await changeTenantStatus(db, { tenantId: t.tenant.id, actorUserId: operator.id, status: "suspended", reason: "Platform invoice unpaid" })).toEqual({ ok: true, changed: true });
    expect(await changeTenantStatus(db, { tenantId: t.tenant.id, actorUserId: operator.id, status: "suspended", reason: "Pressed twice" })).toEqual({ ok: true, changed: false });
    expect(await getTenantById(db, { tenantId: t.tenant.id })).toMatchObject({ status: "suspended", statusReason: "Platform invoice unpaid" });
    expect(await changeTenantStatus(db, { tenantId: t.tenant.id, actorUserId: operator.id, status: "active", reason: "Paid" })).toEqual({ ok: true, changed: true });
    const history = await db.select().from(tenantStatusChanges).where(eq(tenantStatusChanges.tenantId, t.tenant.id));
    expect(history.map((h) => [h.status, h.reason])).toEqual([
      ["suspended", "Platform invoice unpaid"],
      ["active", "Paid"],
    ]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.tenantId, t.tenant.id));
    expect(audit.map((a) => [a.action, a.fields])).toEqual([
      ["tenant.suspended", ["status", "reason"]],
      ["tenant.reactivated", ["status", "reason"]],
    ]);
    expect(await changeTenantStatus(db, { tenantId: randomUUID(), actorUserId: operator.id, status: "suspended", reason: "Gone" })).toMatchObject({ ok: false });
  });

  it("a suspended tenant refuses every new payment before anything reaches Stripe; reactivated, the same calls get past the gate", async () => {
    const t = await createTestTenant(db, "gate");
    const actor = { tenantId: t.tenant.id, tenantSlug: t.tenant.slug, userId: t.member.id, role: "ROLE_MEMBER" as const };
    const priceId = randomUUID();
    const attempts = () => [
      codeOf(createMemberPayment(db, actor, { priceId, saveCard: false })),
      codeOf(createMemberSubscription(db, actor, { priceId })),
      codeOf(createMemberCheckout(db, actor, { priceId })),
      codeOf(previewPlanChange(db, actor, "sub_123", priceId)),
      codeOf(createAdminInvoice(db, { tenantId: t.tenant.id, userId: t.admin.id }, { memberId: t.member.id, currency: "usd", daysUntilDue: 7, lines: [{ description: "Dues", amount: "10.00" }] })),
    ];
    await changeTenantStatus(db, { tenantId: t.tenant.id, actorUserId: t.admin.id, status: "suspended", reason: "Test" });
    expect(await Promise.all(attempts())).toEqual(Array(5).fill("tenant_suspended"));
    await changeTenantStatus(db, { tenantId: t.tenant.id, actorUserId: t.admin.id, status: "active", reason: "Test over" });
    // Past the gate: no such price / subscription, or no Stripe keys — the services' own answers.
    expect(await Promise.all(attempts())).toEqual(["not_found", "stripe_not_configured", "not_found", "not_found", "stripe_not_configured"]);
  });
});

describe("the operator console's reads", () => {
  it("searches names and slugs with % and _ taken literally", async () => {
    const t = await createTestTenant(db, "search");
    const other = await createTestTenant(db, "search-other");
    const found = await listTenantsForPlatform(db, { search: t.tenant.slug.toUpperCase(), limit: 10 });
    expect(found.map((r) => r.id)).toEqual([t.tenant.id]);
    expect(found[0]).toMatchObject({ status: "active", people: 2, lastWebhookAt: null });
    // The last webhook is the tenant's own, not anyone's.
    const receivedAt = new Date("2026-11-30T10:00:00Z");
    await db.insert(webhookEvents).values({ tenantId: other.tenant.id, mode: "test", eventId: "evt_other", type: "customer.created", livemode: false, stripeCreated: 1, payload: {}, receivedAt });
    expect((await listTenantsForPlatform(db, { search: t.tenant.slug, limit: 10 }))[0]?.lastWebhookAt).toBeNull();
    expect((await listTenantsForPlatform(db, { search: other.tenant.slug, limit: 10 }))[0]).toMatchObject({ lastWebhookAt: receivedAt, people: 2 });
    expect(await listTenantsForPlatform(db, { search: "search-%", limit: 10 })).toEqual([]);
  });

  it("a tenant's page shows its Stripe health but no key, mask or signing secret, and no member's name or e-mail", async () => {
    const t = await createTestTenant(db, "health");
    const secret = `sk_test_${"S3cr3tK3y".repeat(4)}`;
    const webhookSecret = `whsec_${"W3bh00k".repeat(5)}`;
    expect(await saveStripeKeys(db, { tenantId: t.tenant.id, userId: t.admin.id, requestId: "t" }, { mode: "test", input: { publishableKey: "pk_test_publishable123", secretKey: secret, webhookSecret } })).toMatchObject({ ok: true });
    const view = await loadPlatformTenantView(db, { tenantId: t.tenant.id });
    expect(view?.connections.find((c) => c.mode === "test")).toMatchObject({ keys: "own secret key", badge: "not_checked", webhookEndpointRegistered: false, failedEvents: 0 });
    expect(view?.people).toEqual({ admins: 1, members: 1 });
    const text = JSON.stringify(view);
    for (const leak of [secret, secret.slice(-4), webhookSecret.slice(-4), "pk_test_publishable123", t.admin.email, t.member.email, "Test Member"]) expect(text).not.toContain(leak);
    expect(await loadPlatformTenantView(db, { tenantId: "not-a-uuid" })).toBeUndefined();
  });
});

describe("platform operators", () => {
  it("are made only by grantOperator (the command line), and revoking ends their sessions", async () => {
    const email = `op-${randomUUID().slice(0, 8)}@platform.test`;
    expect(await grantOperator(db, { email })).toMatchObject({ ok: false, error: expect.stringMatching(/OPERATOR_PASSWORD/) });
    expect(await grantOperator(db, { email, password: "short" })).toMatchObject({ ok: false });
    expect(await grantOperator(db, { email, password: "a long operator password" })).toMatchObject({ ok: true });
    const user = await getUserByEmail(db, { email });
    expect(await isPlatformAdmin(db, { userId: user!.id })).toBe(true);
    const t = await createTestTenant(db, "notop");
    expect(await isPlatformAdmin(db, { userId: t.admin.id })).toBe(false);
    expect(await revokeOperator(db, { email })).toMatchObject({ ok: true });
    expect(await isPlatformAdmin(db, { userId: user!.id })).toBe(false);
    expect((await getUserById(db, { userId: user!.id }))!.sessionVersion).toBe(user!.sessionVersion + 1);
    expect(await revokeOperator(db, { email })).toMatchObject({ ok: false });
  });
});
