import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { listInvoiceRows } from "@/db/queries/billing-notices";
import { catalogPrices, catalogProducts } from "@/db/schema";
import { DomainError } from "@/lib/errors/domain-error";
import { createAdminInvoice, markAdminInvoiceUncollectible, previewAdminInvoice, voidAdminInvoice } from "@/lib/invoices/create-admin-invoice";
import { invoicePaymentSecret } from "@/lib/subscriptions/pay-invoice";
import { conformanceLog } from "@/tools/stripe-emulator/conformance";
import { useTestDb } from "../helpers/db";
import { createOneTimePrice, eventually, startPaymentsHarness } from "../helpers/payments-harness";
import { intentOfSecret } from "../helpers/subscription-plans";

let db: Db;
let harness: Awaited<ReturnType<typeof startPaymentsHarness>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  harness = await startPaymentsHarness(db);
});
afterAll(() => harness.close());
beforeEach(() => harness.env());

async function domainError(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const appCalls = () => conformanceLog.appRequests.map((r) => `${r.method} ${r.path.replace(/(in|cus)_[A-Za-z0-9]+/g, "$1_…")}`);

async function creditPackagePrice(tenantId: string) {
  const [product] = await db.insert(catalogProducts).values({ tenantId, kind: "credit_package", name: "1,000 credits" }).returning();
  const [price] = await db.insert(catalogPrices).values({ tenantId, productId: product!.id, amount: 1000, currency: "usd", type: "one_time", credits: 1000 }).returning();
  return price!;
}

describe("invoice builder: catalog and custom lines, preview, send", () => {
  it("prices catalog lines from the catalog (× quantity), previews without calling Stripe, then sends exactly those lines", async () => {
    const t = await harness.connectedTenant("build");
    const actor = { tenantId: t.tenant.id, userId: t.admin.id };
    const ticket = await createOneTimePrice(db, t.tenant.id, { amount: 2500, name: "Gala ticket" });
    const input = { memberId: t.member.id, daysUntilDue: 10, memo: "See you there", lines: [{ priceId: ticket.id, quantity: 3 }, { description: "Cloakroom", amount: "4.50" }] };

    conformanceLog.clear();
    const now = new Date("2026-12-01T12:00:00Z");
    const preview = await previewAdminInvoice(db, actor, input, now);
    expect(preview).toMatchObject({
      currency: "usd",
      total: 7950,
      memberLabel: `Test Member <${t.member.email}>`,
      dueDate: "2026-12-11T12:00:00.000Z",
      memo: "See you there",
      lines: [
        { description: "Gala ticket × 3", unitAmount: 2500, quantity: 3, amount: 7500, priceId: ticket.id },
        { description: "Cloakroom", unitAmount: 450, quantity: 1, amount: 450, priceId: null },
      ],
    });
    expect(conformanceLog.appRequests).toEqual([]);

    const invoice = await createAdminInvoice(db, actor, input);
    expect(appCalls()).toEqual(["POST /v1/customers", "POST /v1/invoices", "POST /v1/invoiceitems", "POST /v1/invoiceitems", "POST /v1/invoices/in_…/finalize"]);
    expect(invoice).toMatchObject({ status: "open", amountDue: 7950, currency: "usd" });
    const items = await t.stripe.invoiceItems.list({ invoice: invoice.id });
    expect(items.data.map((i) => [i.description, i.amount, i.currency, i.metadata?.memberpulse_price_id ?? null]).reverse()).toEqual([
      ["Gala ticket × 3", 7500, "usd", ticket.id],
      ["Cloakroom", 450, "usd", null],
    ]);
    const stripeInvoice = await t.stripe.invoices.retrieve(invoice.id);
    expect(stripeInvoice).toMatchObject({ collection_method: "send_invoice", description: "See you there", currency: "usd" });

    // Due date and PDF reach both lists from the webhooks.
    const rows = await eventually(() => listInvoiceRows(db, { tenantId: t.tenant.id, userId: t.member.id }), (r) => r[0]?.status === "open" && r[0]?.invoicePdf != null);
    expect(rows[0]?.dueDate?.getTime()).toBe((stripeInvoice.due_date ?? 0) * 1000);
    expect(rows[0]?.invoicePdf).toBe(stripeInvoice.invoice_pdf);
    expect(rows[0]?.invoicePdf).toMatch(/\/pdf$/);
  });

  it("the currency follows the catalog: a EUR catalog line makes a EUR invoice; mixing currencies or an unknown currency is refused", async () => {
    const t = await harness.connectedTenant("eur");
    const actor = { tenantId: t.tenant.id, userId: t.admin.id };
    const berlin = await createOneTimePrice(db, t.tenant.id, { amount: 1900, currency: "eur", name: "Berlin day pass" });
    const usd = await createOneTimePrice(db, t.tenant.id, { amount: 1000, currency: "usd", name: "Towel" });
    const base = { memberId: t.member.id, daysUntilDue: 7 };
    expect((await previewAdminInvoice(db, actor, { ...base, lines: [{ priceId: berlin.id, quantity: 1 }] })).currency).toBe("eur");
    const mixed = await domainError(previewAdminInvoice(db, actor, { ...base, currency: "eur", lines: [{ priceId: berlin.id, quantity: 1 }, { priceId: usd.id, quantity: 1 }] }));
    expect(mixed).toMatchObject({ status: 422, field: "lines.1.priceId", message: "Line 2: Towel is priced in USD, not EUR." });
    const gbp = await domainError(previewAdminInvoice(db, actor, { ...base, currency: "gbp", lines: [{ description: "x", amount: "10" }] }));
    expect(gbp).toMatchObject({ status: 422, field: "currency" });
  });

  it("adversarial lines: another tenant's price, an archived price, a credit package, a forged amount: refused before Stripe is called", async () => {
    const t = await harness.connectedTenant("adv");
    const other = await harness.connectedTenant("other");
    const actor = { tenantId: t.tenant.id, userId: t.admin.id };
    const theirs = await createOneTimePrice(db, other.tenant.id, { amount: 100 });
    const archived = await createOneTimePrice(db, t.tenant.id, { amount: 100, active: false });
    const credits = await creditPackagePrice(t.tenant.id);
    conformanceLog.clear();
    for (const priceId of [theirs.id, archived.id, credits.id]) {
      const e = await domainError(createAdminInvoice(db, actor, { memberId: t.member.id, daysUntilDue: 7, lines: [{ priceId, quantity: 1 }] }));
      expect(e).toMatchObject({ status: 422, field: "lines.0.priceId" });
    }
    // An amount sent along with a catalog price is ignored: the catalog's is billed.
    const mine = await createOneTimePrice(db, t.tenant.id, { amount: 2500, name: "Seat" });
    const forged = { priceId: mine.id, quantity: 1, amount: "0.01" } as { priceId: string; quantity: number };
    expect((await previewAdminInvoice(db, actor, { memberId: t.member.id, daysUntilDue: 7, lines: [forged] })).total).toBe(2500);
    // Another tenant's member.
    expect((await domainError(previewAdminInvoice(db, actor, { memberId: other.member.id, daysUntilDue: 7, lines: [{ priceId: mine.id, quantity: 1 }] }))).status).toBe(404);
    // Quantity × price over Stripe's limit.
    const big = await createOneTimePrice(db, t.tenant.id, { amount: 90_000_000, name: "Building" });
    expect(await domainError(previewAdminInvoice(db, actor, { memberId: t.member.id, daysUntilDue: 7, lines: [{ priceId: big.id, quantity: 2 }] }))).toMatchObject({ status: 422, field: "lines.0.quantity" });
    expect(conformanceLog.appRequests).toEqual([]);
  });
});

describe("mark uncollectible", () => {
  it("an open invoice becomes uncollectible through Stripe and the webhook; a paid one, a void one and another tenant's are refused", async () => {
    const t = await harness.connectedTenant("unc");
    const other = await harness.connectedTenant("unc2");
    const actor = { tenantId: t.tenant.id, userId: t.admin.id };
    const lines = [{ description: "Locker", amount: "12.00" }];
    const invoice = await createAdminInvoice(db, actor, { memberId: t.member.id, daysUntilDue: 7, lines });
    const rows = () => listInvoiceRows(db, { tenantId: t.tenant.id });
    await eventually(rows, (r) => r[0]?.status === "open");

    // Another tenant's admin naming this invoice: 404, Stripe untouched.
    expect((await domainError(markAdminInvoiceUncollectible(db, { tenantId: other.tenant.id, userId: other.admin.id }, invoice.id))).status).toBe(404);

    conformanceLog.clear();
    await markAdminInvoiceUncollectible(db, actor, invoice.id);
    expect(conformanceLog.appRequests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /v1/invoices/${invoice.id}/mark_uncollectible`]);
    expect((await t.stripe.invoices.retrieve(invoice.id)).status).toBe("uncollectible");
    expect((await eventually(rows, (r) => r[0]?.status === "uncollectible"))[0]?.status).toBe("uncollectible");
    // Twice: 409, not a second Stripe call.
    expect((await domainError(markAdminInvoiceUncollectible(db, actor, invoice.id))).status).toBe(409);
    // An uncollectible invoice can still be voided; after that, marking it is refused.
    await voidAdminInvoice(db, actor, invoice.id);
    await eventually(rows, (r) => r[0]?.status === "void");
    expect((await domainError(markAdminInvoiceUncollectible(db, actor, invoice.id))).status).toBe(409);

    const paid = await createAdminInvoice(db, actor, { memberId: t.member.id, daysUntilDue: 7, lines });
    await eventually(() => listInvoiceRows(db, { tenantId: t.tenant.id, status: "open" }), (r) => r.length === 1);
    const pay = await invoicePaymentSecret(db, t.actors.member, paid.id);
    await t.stripe.paymentIntents.confirm(intentOfSecret(pay.clientSecret), { payment_method: "pm_card_visa" });
    await eventually(() => listInvoiceRows(db, { tenantId: t.tenant.id, status: "paid" }), (r) => r.length === 1);
    expect((await domainError(markAdminInvoiceUncollectible(db, actor, paid.id))).status).toBe(409);
  });
});
