import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { findMemberCustomerId, insertMemberCustomer } from "@/db/queries/member-stripe-customers";
import { auditLog, memberStripeCustomers } from "@/db/schema";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { createApiKey, revokeTenantApiKey } from "@/lib/api-keys/manage-api-keys";
import { listApiKeys } from "@/db/queries/api-keys";
import { loadPaymentMethods } from "@/lib/payment-methods/load-payment-methods";
import { getOwnSetupIntent, removeCard, setDefaultCard, startCardSetup } from "@/lib/payment-methods/manage-payment-methods";
import { apiError } from "../helpers/api-error";
import { useTestDb } from "../helpers/db";
import { eventually, startPaymentsHarness } from "../helpers/payments-harness";

let db: Db;
let harness: Awaited<ReturnType<typeof startPaymentsHarness>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  harness = await startPaymentsHarness(db);
});
afterAll(() => harness.close());
beforeEach(() => harness.env());

type Tenant = Awaited<ReturnType<typeof harness.connectedTenant>>;

/** What the browser does with the Payment Element: confirm the member's SetupIntent with a card. */
async function saveCard(t: Tenant, userId: string, card = "pm_card_visa") {
  const { clientSecret } = await startCardSetup(db, { tenantId: t.tenant.id, userId });
  const confirmed = await t.stripe.setupIntents.confirm(clientSecret.split("_secret_")[0]!, { payment_method: card });
  const pmId = typeof confirmed.payment_method === "string" ? confirmed.payment_method : confirmed.payment_method!.id;
  return { setupIntent: confirmed, pmId };
}

const cardsOf = (t: Tenant, userId: string) => () => loadPaymentMethods(db, { tenantId: t.tenant.id, userId });
const ready = (page: Awaited<ReturnType<typeof loadPaymentMethods>>) => (page.kind === "ready" ? page.cards : []);

describe("saved cards", () => {
  it("a SetupIntent is off_session on the member's own customer; the card is listed once the webhook arrives", async () => {
    const t = await harness.connectedTenant("cards");
    const member = { tenantId: t.tenant.id, userId: t.member.id };
    expect(ready(await loadPaymentMethods(db, member))).toEqual([]);
    const { setupIntent, pmId } = await saveCard(t, t.member.id);
    const customerId = await findMemberCustomerId(db, { ...member, mode: "test" });
    expect(setupIntent).toMatchObject({ usage: "off_session", customer: customerId, status: "succeeded" });
    const page = await eventually(cardsOf(t, t.member.id), (p) => ready(p).length === 1);
    expect(ready(page)).toEqual([{ id: pmId, label: expect.stringMatching(/^Visa ending 4242 · expires \d\d\/\d\d$/), isDefault: false }]);
    // The return page reads the SetupIntent from Stripe, and only the member's own.
    expect(await getOwnSetupIntent(db, member, setupIntent.id)).toMatchObject({ status: "succeeded", paymentMethodId: pmId });
    expect(await getOwnSetupIntent(db, { tenantId: t.tenant.id, userId: t.admin.id }, setupIntent.id)).toBeUndefined();
  });

  it("set as default updates the customer's invoice settings and the list shows it", async () => {
    const t = await harness.connectedTenant("default");
    const member = { tenantId: t.tenant.id, userId: t.member.id };
    const first = await saveCard(t, t.member.id);
    const second = await saveCard(t, t.member.id, "pm_card_mastercard");
    await eventually(cardsOf(t, t.member.id), (p) => ready(p).length === 2);
    await setDefaultCard(db, member, second.pmId);
    const customerId = (await findMemberCustomerId(db, { ...member, mode: "test" }))!;
    const customer = (await t.stripe.customers.retrieve(customerId)) as Stripe.Customer;
    expect(customer.invoice_settings.default_payment_method).toBe(second.pmId);
    const cards = ready(await loadPaymentMethods(db, member));
    expect(cards.find((c) => c.isDefault)?.id).toBe(second.pmId);
    expect(cards.find((c) => c.id === first.pmId)?.isDefault).toBe(false);
  });

  it("remove detaches the card in Stripe; it leaves the list with payment_method.detached", async () => {
    const t = await harness.connectedTenant("remove");
    const member = { tenantId: t.tenant.id, userId: t.member.id };
    const { pmId } = await saveCard(t, t.member.id);
    await eventually(cardsOf(t, t.member.id), (p) => ready(p).length === 1);
    await removeCard(db, member, pmId);
    expect((await t.stripe.paymentMethods.retrieve(pmId)).customer).toBeNull();
    const after = await eventually(cardsOf(t, t.member.id), (p) => ready(p).length === 0);
    expect(ready(after)).toEqual([]);
    // Already removed: a second attempt is "not found", not a Stripe error.
    expect((await apiError(removeCard(db, member, pmId))).status).toBe(404);
  });

  it("another member's card, or another tenant's, is not found for set-default and remove; Stripe is untouched", async () => {
    const t = await harness.connectedTenant("owner");
    const other = await harness.connectedTenant("stranger");
    const { pmId: adminCard } = await saveCard(t, t.admin.id);
    const { pmId: foreignCard } = await saveCard(other, other.member.id);
    await eventually(cardsOf(t, t.admin.id), (p) => ready(p).length === 1);
    await eventually(cardsOf(other, other.member.id), (p) => ready(p).length === 1);
    const member = { tenantId: t.tenant.id, userId: t.member.id };
    // The member has a customer too, so the check is ownership, not "no customer yet".
    await saveCard(t, t.member.id);
    for (const pm of [adminCard, foreignCard, "pm_does_not_exist"]) {
      expect((await apiError(setDefaultCard(db, member, pm))).status).toBe(404);
      expect((await apiError(removeCard(db, member, pm))).status).toBe(404);
    }
    expect((await t.stripe.paymentMethods.retrieve(adminCard)).customer).not.toBeNull();
    expect((await other.stripe.paymentMethods.retrieve(foreignCard)).customer).not.toBeNull();
  });
});

describe("member customer links", () => {
  it("an existing link is never overwritten", async () => {
    const t = await harness.connectedTenant("link");
    const key = { tenantId: t.tenant.id, userId: t.member.id, mode: "test" as const };
    await insertMemberCustomer(db, { ...key, stripeCustomerId: "cus_first" });
    await insertMemberCustomer(db, { ...key, stripeCustomerId: "cus_second" });
    expect(await findMemberCustomerId(db, key)).toBe("cus_first");
    const rows = await db.select().from(memberStripeCustomers).where(eq(memberStripeCustomers.tenantId, t.tenant.id));
    expect(rows).toHaveLength(1);
  });
});

describe("API keys page services", () => {
  it("create shows the key once, lists only the prefix, audits without the key; revoke stops it working", async () => {
    const t = await harness.connectedTenant("keys");
    const actor = { tenantId: t.tenant.id, userId: t.admin.id };
    const created = await createApiKey(db, actor, { name: "Website", role: "ROLE_MEMBER" });
    expect(created.token.startsWith(created.prefix)).toBe(true);
    const listed = await listApiKeys(db, { tenantId: t.tenant.id });
    expect(listed).toEqual([expect.objectContaining({ name: "Website", prefix: created.prefix, role: "ROLE_MEMBER", createdByEmail: expect.stringContaining("@"), lastUsedAt: null, revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.tenantId, t.tenant.id), eq(auditLog.target, created.id)));
    expect(audit.map((a) => a.action)).toEqual(["api_key.created"]);
    expect(JSON.stringify(audit)).not.toContain(created.token);

    const other = await harness.connectedTenant("keys-other");
    expect(await revokeTenantApiKey(db, { tenantId: other.tenant.id, userId: other.admin.id }, created.id)).toBe(false);
    expect((await authenticateApiKey(db, created.token))?.tenant.id).toBe(t.tenant.id);
    expect(await revokeTenantApiKey(db, actor, created.id)).toBe(true);
    expect(await authenticateApiKey(db, created.token)).toBeNull();
    expect(await revokeTenantApiKey(db, actor, created.id)).toBe(false);
    expect((await listApiKeys(db, { tenantId: t.tenant.id }))[0]?.revokedAt).toBeInstanceOf(Date);
  });
});
