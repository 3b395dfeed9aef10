import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { listInvoiceRows } from "@/db/queries/billing-notices";
import { ApiError } from "@/lib/api/errors";
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

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
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
});
