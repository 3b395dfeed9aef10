import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { platformAuditLog, platformPlans, platformWebhookEvents, platformWebhookSignatureFailures } from "@/db/schema";
import { listPlatformAudit } from "@/db/queries/platform-audit";
import { replayPlatformEvent } from "@/lib/platform-billing/console-billing";
import { createPlatformPlan, editPlatformPlan, setPlatformPlanActive } from "@/lib/platform-billing/plans";
import { grantOperator, revokeOperator } from "@/lib/platform/operators";
import { changeTenantStatus } from "@/lib/platform/tenant-status";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";
import { createTestTenant, useTestDb } from "../helpers/db";
import { setStripeEnv } from "../helpers/stripe-env";
import { makeEvent, newSecret, signedRequest } from "../helpers/webhooks";

let db: Db;
beforeAll(async () => {
  db = (await useTestDb()).db;
});
// No platform Stripe keys unless a test sets them: plan syncs fail, but the plan and its audit line stay.
beforeEach(() => setStripeEnv());

const auditFor = (target: string) => db.select().from(platformAuditLog).where(eq(platformAuditLog.target, target)).orderBy(platformAuditLog.createdAt);

describe("the platform audit log", () => {
  it("records each plan change with the operator and the changed field names, never the values", async () => {
    const { admin: operator } = await createTestTenant(db, "paud");
    const { plan } = await createPlatformPlan(db, { userId: operator.id }, { name: "Starter", amount: 1900, currency: "usd", trialDays: 14 });
    await editPlatformPlan(db, { userId: operator.id }, { planId: plan.id }, { name: "Starter", amount: 2900, currency: "usd", trialDays: null });
    await setPlatformPlanActive(db, { userId: operator.id }, { planId: plan.id, active: false });
    const rows = await auditFor(plan.id);
    expect(rows.map((r) => [r.action, r.fields, r.actorUserId])).toEqual([
      ["platform.plan_created", ["name", "amount", "currency", "trialDays"], operator.id],
      ["platform.plan_edited", ["amount", "trialDays"], operator.id],
      ["platform.plan_retired", ["active"], operator.id],
    ]);
    expect(JSON.stringify(rows)).not.toContain("2900");
    const listed = await listPlatformAudit(db);
    expect(listed.find((r) => r.target === plan.id)).toMatchObject({ actorEmail: operator.email, planName: "Starter" });
  });

  it("a change that fails leaves no audit line (same transaction)", async () => {
    const { admin: operator } = await createTestTenant(db, "paud");
    const missing = crypto.randomUUID();
    await expect(setPlatformPlanActive(db, { userId: operator.id }, { planId: missing, active: false })).rejects.toThrow("No such plan");
    await expect(editPlatformPlan(db, { userId: operator.id }, { planId: missing }, { name: "X plan", amount: 100, currency: "usd", trialDays: null })).rejects.toThrow("No such plan");
    expect(await auditFor(missing)).toEqual([]);
    expect(await db.select().from(platformPlans).where(eq(platformPlans.id, missing))).toEqual([]);
  });

  it("records suspensions and reactivations against the organisation, once per real change", async () => {
    const t = await createTestTenant(db, "paud");
    const { admin: operator } = await createTestTenant(db, "paud-op");
    await changeTenantStatus(db, { tenantId: t.tenant.id, actorUserId: operator.id, status: "suspended", reason: "Invoice unpaid" });
    await changeTenantStatus(db, { tenantId: t.tenant.id, actorUserId: operator.id, status: "suspended", reason: "Pressed twice" });
    await changeTenantStatus(db, { tenantId: t.tenant.id, actorUserId: operator.id, status: "active", reason: "Paid" });
    const rows = await auditFor(t.tenant.id);
    expect(rows.map((r) => [r.action, r.tenantId])).toEqual([
      ["platform.tenant.suspended", t.tenant.id],
      ["platform.tenant.reactivated", t.tenant.id],
    ]);
    expect((await listPlatformAudit(db)).find((r) => r.id === rows[0]!.id)?.tenantName).toBe(t.tenant.name);
  });
});

describe("operators granted and revoked on the command line", () => {
  it("are audited once per real change, with the person as the target", async () => {
    const { member } = await createTestTenant(db, "paud-cli");
    await grantOperator(db, { email: member.email });
    await grantOperator(db, { email: member.email }); // already one: nothing new
    await revokeOperator(db, { email: member.email });
    expect((await auditFor(member.id)).map((r) => [r.action, r.actorUserId, r.fields])).toEqual([
      ["platform.operator_granted", null, ["role"]],
      ["platform.operator_revoked", null, ["role"]],
    ]);
  });
});

describe("the platform webhook endpoint", () => {
  const secret = newSecret();
  beforeEach(() => setStripeEnv({ STRIPE_SECRET_KEY: "sk_test_platformaudit", STRIPE_PUBLISHABLE_KEY: "pk_test_platformaudit", STRIPE_PLATFORM_WEBHOOK_SECRET: secret }));
  const deliver = (payload: string, withSecret: string) =>
    handleStripeWebhook(db, signedRequest({ tenantId: "platform", mode: "test" }, payload, withSecret), { tenantId: "platform", mode: "test" });
  const failures = async () => (await db.select().from(platformWebhookSignatureFailures).where(eq(platformWebhookSignatureFailures.mode, "test")))[0];

  it("counts a forged signature with its reason and stores no event", async () => {
    const before = (await failures())?.count ?? 0;
    const event = makeEvent("customer.created", { id: "cus_forged", object: "customer" });
    expect((await deliver(JSON.stringify(event), newSecret())).status).toBe(400);
    const after = await failures();
    expect(after?.count).toBe(before + 1);
    expect(after?.lastReason).toBeTruthy();
    expect(await db.select().from(platformWebhookEvents).where(eq(platformWebhookEvents.eventId, event.id))).toEqual([]);
    // A good signature is not counted.
    expect((await deliver(JSON.stringify(makeEvent("customer.created", { id: "cus_ok", object: "customer" })), secret)).status).toBe(200);
    expect((await failures())?.count).toBe(before + 1);
  });

  it("an operator's replay is audited with the event it ran", async () => {
    const { admin: operator } = await createTestTenant(db, "paud");
    const event = makeEvent("customer.created", { id: "cus_replay", object: "customer" });
    expect((await deliver(JSON.stringify(event), secret)).status).toBe(200);
    const [row] = await db.select().from(platformWebhookEvents).where(eq(platformWebhookEvents.eventId, event.id));
    expect(row?.status).toBe("ignored");
    await replayPlatformEvent(db, { userId: operator.id }, { id: row!.id });
    expect((await auditFor(event.id)).map((r) => [r.action, r.actorUserId])).toEqual([["platform.webhook_replayed", operator.id]]);
  });
});
