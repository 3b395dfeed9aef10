import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import type Stripe from "stripe";
import { signIn } from "./support/auth";
import { expectNoSeriousViolationsAtBothWidths } from "./support/axe";
import { e2eDatabaseUrl, EMULATOR_URL } from "./support/e2e-env";
import { connectTenantToEmulator, fillCard, shoot as shootTo } from "./support/emulator";
import { SPEC_TENANTS } from "./support/spec-tenants";

const slug = SPEC_TENANTS.disputes;
const SHOTS = process.env.DISPUTES_SHOTS;
const shoot = (page: Page, name: string) => shootTo(page, SHOTS, name);
let priceId = "";
let secretKey = "";

/** What the tenant's Stripe account (the emulator) holds, read with its own secret key. */
async function stripeGet<T>(path: string): Promise<T> {
  const res = await fetch(`${EMULATOR_URL}${path}`, { headers: { authorization: `Bearer ${secretKey}`, "stripe-version": "2026-10-28.endive" } });
  expect(res.status).toBe(200);
  return res.json() as Promise<T>;
}

/** The pages follow Stripe's webhooks: reload until `check` passes. */
async function untilShown(page: Page, url: string, check: () => Promise<void>) {
  await expect(async () => {
    await page.goto(url);
    await check();
  }).toPass({ timeout: 20_000 });
}

test.describe.serial("disputes", () => {
  test.beforeAll(async ({ browser }) => {
    const account = await connectTenantToEmulator(browser, { slug, adminEmail: `admin@${slug}.test`, name: "Disputes Emulated" });
    secretKey = account.secretKey!;
    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    const [tenant] = await sql`select id from tenants where slug = ${slug}`;
    const [product] = await sql`insert into catalog_products (tenant_id, kind, name, description) values (${tenant!.id}, 'event_ticket', 'Spring workshop', 'Saturday morning, main hall') returning id`;
    const [price] = await sql`insert into catalog_prices (tenant_id, product_id, amount, currency, type) values (${tenant!.id}, ${product!.id}, 4500, 'usd', 'one_time') returning id`;
    priceId = price!.id;
    await sql.end();
  });

  test("the dispute card opens a dispute; the admin submits evidence (after a cancelled confirmation) and wins", async ({ page, browser }) => {
    await signIn(page, `member@${slug}.test`);
    await page.goto(`/${slug}/billing/pay/${priceId}`);
    await fillCard(page, "4000 0000 0000 0259");
    await page.getByRole("button", { name: "Pay $45.00" }).click();
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();

    // A page of its own context: axe cannot run in a browser.newPage() page.
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, `admin@${slug}.test`);
    // The overview warns, and the payment is marked in the admin list.
    await untilShown(admin, `/${slug}/admin`, () => expect(admin.getByTestId("disputes-notice")).toContainText("A dispute needs your response.", { timeout: 1000 }));
    await shoot(admin, "overview");
    await admin.goto(`/${slug}/admin/payments`);
    await expect(admin.getByTestId("payment-row").filter({ visible: true }).first().getByTestId("dispute-status")).toHaveText("Disputed: Needs response");

    await admin.goto(`/${slug}/admin/disputes`);
    const row = admin.getByTestId("dispute-row").filter({ visible: true });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(`member@${slug}.test`);
    await expect(row).toContainText("$45.00");
    await expect(row).toContainText("Fraudulent");
    await expect(row).toContainText("7 days left");
    await expect(row.getByTestId("dispute-status")).toHaveText("Needs response");
    await shoot(admin, "disputes");
    await expectNoSeriousViolationsAtBothWidths(admin, "/[tenant]/admin/disputes");

    await row.getByRole("link").click();
    await expect(admin.getByRole("heading", { name: "$45.00 disputed" })).toBeVisible();
    await expect(admin.getByText("Stripe has withdrawn $60.00")).toBeVisible();
    const stripeDisputeId = (await admin.getByRole("link", { name: /^dp_/ }).textContent())!;
    // Known facts are filled in; the admin adds the rest.
    await expect(admin.getByLabel("Member's e-mail")).toHaveValue(`member@${slug}.test`);
    await admin.getByLabel("Sign-in and usage activity").fill("Checked in at the workshop door on Saturday at 09:55.");
    await admin.getByLabel("Anything else").fill("winning_evidence");
    await admin.getByLabel("Receipt").setInputFiles({ name: "receipt.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% workshop receipt\n%%EOF\n") });
    await shoot(admin, "dispute-form");
    await expectNoSeriousViolationsAtBothWidths(admin, "/[tenant]/admin/disputes/[disputeId]");

    // Cancel leaves everything as it was: nothing reaches Stripe.
    await admin.getByRole("button", { name: "Submit evidence" }).click();
    const dialog = admin.getByRole("dialog", { name: "Submit this evidence to the bank?" });
    await expect(dialog).toContainText("$45.00");
    await expectNoSeriousViolationsAtBothWidths(admin, "/[tenant]/admin/disputes/[disputeId] (confirmation open)");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    expect((await stripeGet<Stripe.Dispute>(`/v1/disputes/${stripeDisputeId}`)).evidence_details.submission_count).toBe(0);

    await admin.getByRole("button", { name: "Submit evidence" }).click();
    await dialog.getByRole("button", { name: "Yes, submit evidence" }).click();
    // The form's confirmation, or (when Stripe's webhook is already in) the dispute's new state.
    await expect(admin.getByRole("status").filter({ hasText: /Evidence submitted to the card network|with the cardholder's bank|decided in your favour/ })).toBeVisible();
    await expect(admin.getByRole("button", { name: "Submit evidence" })).toHaveCount(0);

    // What Stripe received: one update from the app with the evidence typed and submit=true.
    const sent = await stripeGet<Stripe.Dispute>(`/v1/disputes/${stripeDisputeId}`);
    expect(sent.evidence).toMatchObject({
      uncategorized_text: "winning_evidence",
      access_activity_log: "Checked in at the workshop door on Saturday at 09:55.",
      customer_email_address: `member@${slug}.test`,
    });
    // The receipt went through the Files API first; the evidence names the uploaded file.
    expect(sent.evidence.receipt).toMatch(/^file_/);
    expect(await stripeGet<Stripe.File>(`/v1/files/${String(sent.evidence.receipt)}`)).toMatchObject({ purpose: "dispute_evidence", filename: "receipt.pdf", type: "pdf" });
    expect(sent.evidence_details).toMatchObject({ submission_count: 1, submission_method: "manual", has_evidence: true });
    const updates = await stripeGet<Stripe.ApiList<Stripe.Event>>(`/v1/events?type=charge.dispute.updated`);
    expect(updates.data.filter((e) => e.request?.id)).toHaveLength(1);

    // The bank decides (Stripe's test evidence "winning_evidence"): won, funds back, shown everywhere.
    await untilShown(admin, admin.url(), () => expect(admin.getByTestId("dispute-outcome")).toContainText("decided in your favour", { timeout: 1000 }));
    await expect(admin.getByTestId("dispute-status")).toHaveText("Won");
    await expect(admin.getByText("Reinstated")).toBeVisible();
    await expect(admin.getByText("Checked in at the workshop door")).toBeVisible();
    await expect(admin.getByText(/File attached \(file_/)).toBeVisible();
    await shoot(admin, "dispute-won");
    await expectNoSeriousViolationsAtBothWidths(admin, "/[tenant]/admin/disputes/[disputeId]");
    await admin.goto(`/${slug}/admin`);
    await expect(admin.getByTestId("disputes-notice")).toHaveCount(0);
    await admin.goto(`/${slug}/admin/payments`);
    await expect(admin.getByTestId("payment-row").filter({ visible: true }).first().getByTestId("dispute-status")).toHaveText("Disputed: Won");
    await adminContext.close();

    // The member's own history marks it too.
    await page.goto(`/${slug}/billing/history`);
    await expect(page.getByTestId("payment-row").filter({ visible: true }).first().getByTestId("dispute-status")).toHaveText("Disputed: Won");
  });

  test("members cannot open the disputes pages", async ({ page }) => {
    await signIn(page, `member@${slug}.test`);
    const res = await page.goto(`/${slug}/admin/disputes`);
    expect([403, 404]).toContain(res?.status());
  });
});
