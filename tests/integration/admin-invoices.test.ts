import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { and, eq } from "drizzle-orm";
import { listInvoiceRows } from "@/db/queries/billing-notices";
import { auditLog, memberStripeCustomers } from "@/db/schema";
import { DomainError } from "@/lib/errors/domain-error";
import { createAdminInvoice, voidAdminInvoice } from "@/lib/invoices/create-admin-invoice";
import { invoicePaymentSecret } from "@/lib/subscriptions/pay-invoice";
import { useTestDb } from "../helpers/db";
import { eventually, startPaymentsHarness } from "../helpers/payments-harness";
import { intentOfSecret } from "../helpers/subscription-plans";

let db: Db;
let harness: Awaited<ReturnType<typeof startPaymentsHarness>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  harness = await startPaymentsHarness(db);
});
afterAll(() => harness.close());
beforeEach(() => harness.env());

async function apiError(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const twoLines = { currency: "usd" as const, daysUntilDue: 14, memo: "Thanks for coming", lines: [{ description: "Workshop seat", amount: "25.00" }, { description: "Materials", amount: "5" }] };

describe("admin invoices", () => {
  it("an admin invoices a member for two lines; the member pays it; both see paid", async () => {
    const t = await harness.connectedTenant("inv");
    const invoice = await createAdminInvoice(db, { tenantId: t.tenant.id, userId: t.admin.id }, { ...twoLines, memberId: t.member.id });
    expect(invoice).toMatchObject({ status: "open", amountDue: 3000 });
    const stripeInvoice = await t.stripe.invoices.retrieve(invoice.id);
    expect(stripeInvoice.lines.data.map((l) => [l.description, l.amount])).toEqual([["Workshop seat", 2500], ["Materials", 500]]);
    expect(stripeInvoice).toMatchObject({ collection_method: "send_invoice", description: "Thanks for coming" });
    const memberView = () => listInvoiceRows(db, { tenantId: t.tenant.id, userId: t.member.id });
    await eventually(memberView, (r) => r[0]?.status === "open");
    const pay = await invoicePaymentSecret(db, t.actors.member, invoice.id);
    await t.stripe.paymentIntents.confirm(intentOfSecret(pay.clientSecret), { payment_method: "pm_card_visa" });
    expect((await eventually(memberView, (r) => r[0]?.status === "paid"))[0]?.status).toBe("paid");
    expect((await listInvoiceRows(db, { tenantId: t.tenant.id, status: "paid" })).map((r) => r.userEmail)).toEqual([t.member.email]);
    expect((await apiError(voidAdminInvoice(db, { tenantId: t.tenant.id, userId: t.admin.id }, invoice.id))).status).toBe(409);
  });

  it("void an open invoice; bad amounts are 422; a non-member is 404", async () => {
    const t = await harness.connectedTenant("void");
    const actor = { tenantId: t.tenant.id, userId: t.admin.id };
    const invoice = await createAdminInvoice(db, actor, { ...twoLines, memberId: t.member.id });
    await eventually(() => listInvoiceRows(db, { tenantId: t.tenant.id }), (r) => r[0]?.status === "open");
    await voidAdminInvoice(db, actor, invoice.id);
    expect((await eventually(() => listInvoiceRows(db, { tenantId: t.tenant.id, status: "void" }), (r) => r.length === 1))[0]?.stripeInvoiceId).toBe(invoice.id);
    expect((await apiError(invoicePaymentSecret(db, t.actors.member, invoice.id))).status).toBe(409);
    expect((await apiError(createAdminInvoice(db, actor, { ...twoLines, memberId: t.member.id, lines: [{ description: "x", amount: "12,5.0.1" }] }))).status).toBe(422);
    expect((await apiError(createAdminInvoice(db, actor, { ...twoLines, memberId: "not-a-member" }))).status).toBe(404);
  });

  it("a 9,999,999,999,999-cent line is a field error naming Stripe's limit: nothing written, Stripe never called", async () => {
    const t = await harness.connectedTenant("huge");
    const actor = { tenantId: t.tenant.id, userId: t.admin.id };
    // Stripe unreachable: any call to it would surface as a different error than the field error.
    await harness.control("unreachable", { on: true });
    try {
      const huge = await apiError(createAdminInvoice(db, actor, { ...twoLines, memberId: t.member.id, lines: [{ description: "Workshop seat", amount: "25.00" }, { description: "Typo", amount: "99,999,999,999.99" }] }));
      expect(huge).toMatchObject({ status: 422, field: "lines.1.amount", message: "Line 2: Amount must be at most $999,999.99." });
      // Each line within the limit, the total over it.
      const total = await apiError(createAdminInvoice(db, actor, { ...twoLines, memberId: t.member.id, lines: [{ description: "Half", amount: "600000" }, { description: "Half", amount: "600000" }] }));
      expect(total).toMatchObject({ status: 422, field: "lines", message: "The invoice total must be at most $999,999.99." });
      const euros = await apiError(createAdminInvoice(db, actor, { ...twoLines, currency: "eur", memberId: t.member.id, lines: [{ description: "x", amount: "1000000" }] }));
      expect(euros.message).toBe("Line 1: Amount must be at most €999,999.99.");
    } finally {
      await harness.control("unreachable", { on: false });
    }
    expect((await t.stripe.customers.list({ limit: 10 })).data).toEqual([]);
    expect((await t.stripe.invoices.list({ limit: 10 })).data).toEqual([]);
    expect(await db.select().from(memberStripeCustomers).where(eq(memberStripeCustomers.tenantId, t.tenant.id))).toEqual([]);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.tenantId, t.tenant.id), eq(auditLog.action, "invoice.created")))).toEqual([]);

    // Exactly the limit is accepted.
    const max = await createAdminInvoice(db, actor, { ...twoLines, memberId: t.member.id, lines: [{ description: "All of it", amount: "999999.99" }] });
    expect(max.amountDue).toBe(99_999_999);
  });
});
