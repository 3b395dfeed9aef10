import { expect, test, type Browser, type Page } from "@playwright/test";
import postgres from "postgres";
import { signIn } from "./support/auth";
import { collectAtBothWidths } from "./support/axe";
import { e2eDatabaseUrl, EMULATOR_URL } from "./support/e2e-env";
import { connectTenantToEmulator, fillCard, shoot } from "./support/emulator";
import { waitForMail } from "./support/mail";
import { SPEC_TENANTS } from "./support/spec-tenants";

/**
 * The accessibility audit of the pages that need a state to exist: signed-out pages with their
 * tokens, and the pages behind a payment, an invoice, a SetupIntent or a Checkout Session. Each
 * route is audited at 1280 and 390 px in its main states (empty, filled, error, dialog open),
 * under its route pattern (the label page-routes.test.ts looks for). Findings are collected over a
 * whole flow, so one run lists them all.
 */
const slug = SPEC_TENANTS.a11y;
const admin = `admin@${slug}.test`;
const member = `member@${slug}.test`;
const SHOTS = process.env.A11Y_SHOTS;
const run = Date.now().toString(36);
let secretKey = "";
let ticketPriceId = "";
let checkoutPriceId = "";
let planPriceId = "";
let paymentId = "";

/** Calls the emulated Stripe API with the tenant's secret key (as a Dashboard user would). */
async function stripe(path: string, params?: Record<string, string>) {
  const res = await fetch(`${EMULATOR_URL}/v1/${path}`, {
    method: params ? "POST" : "GET",
    headers: { authorization: `Bearer ${secretKey}`, "content-type": "application/x-www-form-urlencoded" },
    body: params ? new URLSearchParams(params) : undefined,
  });
  expect(res.ok).toBe(true);
  return res.json() as Promise<Record<string, unknown>>;
}

/** Audits the page at both widths into `findings`, printing each at once (a slow run still shows them). */
async function audit(page: Page, label: string, findings: string[]) {
  const before = findings.length;
  await collectAtBothWidths(page, label, findings);
  for (const line of findings.slice(before)) console.log(`axe: ${line}`);
}

/** A page in a context of its own (axe cannot run in a browser.newPage() page). */
async function freshPage(browser: Browser) {
  return (await browser.newContext()).newPage();
}

test.describe.serial("accessibility audit of pages that need state (axe, serious and critical)", () => {
  // axe twice per state (two widths), ~3 s each on a shared 2-core machine.
  test.describe.configure({ timeout: 150_000 });

  test.beforeAll(async ({ browser }) => {
    secretKey = (await connectTenantToEmulator(browser, { slug, adminEmail: admin, name: "A11y Emulated" })).secretKey!;
    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    try {
      const [tenant] = await sql`select id from tenants where slug = ${slug}`;
      const tenantId = tenant!.id as string;
      const priced = async (kind: string, name: string, amount: number, recurring: boolean) => {
        const [product] = await sql`insert into catalog_products (tenant_id, kind, name, description) values (${tenantId}, ${kind}, ${name}, 'Saturday 10:00–13:00, main hall') returning id`;
        const [price] = recurring
          ? await sql`insert into catalog_prices (tenant_id, product_id, amount, currency, type, interval, interval_count, nickname) values (${tenantId}, ${product!.id}, ${amount}, 'usd', 'recurring', 'month', 1, 'Monthly') returning id`
          : await sql`insert into catalog_prices (tenant_id, product_id, amount, currency, type) values (${tenantId}, ${product!.id}, ${amount}, 'usd', 'one_time') returning id`;
        // Embedded Checkout and subscriptions need the price to exist in Stripe too.
        const stripeProduct = await stripe("products", { name });
        const sp = await stripe("prices", { product: String(stripeProduct.id), currency: "usd", unit_amount: String(amount), ...(recurring ? { "recurring[interval]": "month" } : {}) });
        await sql`insert into stripe_catalog_mappings (tenant_id, mode, object_kind, local_id, stripe_id, status) values (${tenantId}, 'test', 'price', ${price!.id}, ${String(sp.id)}, 'synced')`;
        return price!.id as string;
      };
      ticketPriceId = await priced("event_ticket", "Spring workshop", 4500, false);
      checkoutPriceId = await priced("event_ticket", "Summer gala ticket", 4000, false);
      planPriceId = await priced("membership_plan", "Studio membership", 2900, true);
    } finally {
      await sql.end();
    }
  });

  test("signed-out pages: sign-in, forgot and reset password", async ({ browser }) => {
    const findings: string[] = [];
    const page = await freshPage(browser);

    await page.goto("/sign-in");
    await expect(page).toHaveTitle(/^Sign in · /);
    await audit(page, "/sign-in", findings);
    await shoot(page, SHOTS, "sign-in");
    await page.getByLabel("E-mail").fill(member);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("That e-mail and password do not match an account.")).toBeVisible();
    await audit(page, "/sign-in (error)", findings);
    await shoot(page, SHOTS, "sign-in-error");

    await page.goto("/forgot-password");
    await audit(page, "/forgot-password", findings);
    await shoot(page, SHOTS, "forgot-password");
    await page.getByLabel("E-mail").fill(member);
    await page.getByRole("button", { name: "Send the link" }).click();
    await expect(page.getByTestId("forgot-password-form").getByRole("status")).toBeVisible();
    await audit(page, "/forgot-password (sent)", findings);
    const mail = await waitForMail(member, /^Reset your MemberPulse password$/);
    const resetPath = new URL(mail.text.match(/http:\/\/localhost:\d+\/reset-password\/[A-Za-z0-9_-]{43}/)![0]).pathname;

    await page.goto(resetPath);
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    await audit(page, "/reset-password/[token]", findings);
    await shoot(page, SHOTS, "reset-password");
    await page.getByLabel("New password", { exact: true }).fill("a fresh password 42");
    await page.getByLabel("Repeat new password").fill("a different password 42");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
    await audit(page, "/reset-password/[token] (error)", findings);
    await shoot(page, SHOTS, "reset-password-error");
    await page.goto(`/reset-password/${"x".repeat(43)}`);
    await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
    await audit(page, "/reset-password/[token] (used)", findings);

    await page.context().close();
    expect(findings, findings.join("\n")).toEqual([]);
  });

  test("signed-out pages: join, invitation; signed in: the portal chooser, sign-out", async ({ browser }) => {
    const findings: string[] = [];
    const page = await freshPage(browser);
    await page.goto(`/${slug}/join`);
    await expect(page).toHaveTitle("Join · E2E a11y");
    await expect(page.getByRole("heading", { name: /^Join / })).toBeVisible();
    await audit(page, "/[tenant]/join", findings);
    await shoot(page, SHOTS, "join");
    await page.goto(`/${slug}/join?ref=NOT-A-CODE`);
    await expect(page.getByTestId("referral-invalid")).toBeVisible();
    await page.getByLabel("Name").fill("Max Again");
    await page.getByLabel("E-mail").fill(member);
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("already exists");
    // What was typed stays after the refusal, except the password, which the note asks for again.
    await expect(page.getByLabel("Name")).toHaveValue("Max Again");
    await expect(page.getByLabel("E-mail")).toHaveValue(member);
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Type the password again");
    await audit(page, "/[tenant]/join (bad referral code, e-mail taken)", findings);
    await shoot(page, SHOTS, "join-error");

    // An invitation link, made by the admin as on the Members page.
    const adminPage = await freshPage(browser);
    await signIn(adminPage, admin);
    await adminPage.goto(`/${slug}/admin/members`);
    const inviteForm = adminPage.locator("form").filter({ has: adminPage.getByRole("button", { name: "Invite" }) });
    await inviteForm.getByLabel("E-mail").fill(`invitee-${run}@${slug}.test`);
    await inviteForm.getByRole("button", { name: "Invite" }).click();
    const invitePath = new URL(await inviteForm.getByLabel("One-time sign-in link").inputValue()).pathname;
    await adminPage.context().close();
    await page.goto(invitePath);
    await expect(page.getByRole("heading", { name: /^Join / })).toBeVisible();
    await expect(page).toHaveTitle("Accept invitation · E2E a11y");
    await audit(page, "/invite/[token]", findings);
    await shoot(page, SHOTS, "invite");
    await page.getByLabel("Password", { exact: true }).fill("a long enough password");
    await page.getByLabel("Repeat password").fill("another long password");
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
    await audit(page, "/invite/[token] (error)", findings);
    await page.goto(`/invite/${"x".repeat(43)}`);
    await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
    await audit(page, "/invite/[token] (used)", findings);

    // "/" lists the portals of someone in two organisations, and says what to do for someone in none.
    const email = `chooser-${run}@a11y.test`;
    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    try {
      await sql`insert into users (id, email, name, password_hash) select gen_random_uuid()::text, ${email}, 'Chris Chooser', password_hash from users where email = ${member}`;
      await signIn(page, email);
      await page.goto("/");
      await expect(page.getByRole("heading", { name: "Choose a portal" })).toBeVisible();
      await audit(page, "/ (no organisation yet)", findings);
      await sql`insert into memberships (tenant_id, user_id, role) select t.id, u.id, 'ROLE_MEMBER' from tenants t, users u where t.slug in (${slug}, 'globex') and u.email = ${email}`;
      await page.goto("/");
      await expect(page.getByRole("link", { name: /Globex/ })).toBeVisible();
      await audit(page, "/", findings);
      await shoot(page, SHOTS, "choose-portal");
    } finally {
      await sql.end();
    }

    await page.goto("/sign-out");
    await audit(page, "/sign-out", findings);
    await shoot(page, SHOTS, "sign-out");
    await page.context().close();
    expect(findings, findings.join("\n")).toEqual([]);
  });

  test("member pages: pay, the payment, embedded Checkout and its return, subscribe, a saved card's setup-complete", async ({ browser }) => {
    const findings: string[] = [];
    const page = await freshPage(browser);
    await signIn(page, member);

    await page.goto(`/${slug}/billing/pay/${ticketPriceId}`);
    await expect(page.getByLabel("Card number")).toBeVisible();
    await audit(page, "/[tenant]/billing/pay/[priceId]", findings);
    await fillCard(page, "4000 0000 0000 9995");
    await audit(page, "/[tenant]/billing/pay/[priceId] (filled)", findings);
    await page.getByRole("button", { name: "Pay $45.00" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /insufficient funds/i })).toBeVisible();
    await audit(page, "/[tenant]/billing/pay/[priceId] (declined)", findings);
    await page.goto(`/${slug}/billing/pay/${ticketPriceId}`);
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Pay $45.00" }).click();
    await expect(page.getByRole("heading", { name: "Payment successful" })).toBeVisible();
    paymentId = page.url().split("/").pop()!;
    await audit(page, "/[tenant]/billing/payments/[paymentId]", findings);

    await page.goto(`/${slug}/billing/checkout/${checkoutPriceId}`);
    await expect(page.getByTestId("embedded-checkout")).toContainText("40.00 USD");
    await audit(page, "/[tenant]/billing/checkout/[priceId]", findings);
    await page.getByTestId("embedded-checkout").getByRole("button", { name: "Pay" }).click();
    await expect(page.getByTestId("checkout-status")).toHaveText("complete");
    await audit(page, "/[tenant]/billing/checkout/return", findings);

    await page.goto(`/${slug}/billing/subscribe/${planPriceId}`);
    await audit(page, "/[tenant]/billing/subscribe/[priceId]", findings);
    await page.getByRole("button", { name: "Continue to payment" }).click();
    await expect(page.getByLabel("Card number")).toBeVisible();
    await audit(page, "/[tenant]/billing/subscribe/[priceId] (card form)", findings);

    // A saved card (used by the invoice test below), then the page Stripe.js returns to after a redirect.
    await page.goto(`/${slug}/billing/payment-methods`);
    await page.getByRole("button", { name: "Add a card" }).click();
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Save card" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Card added" })).toBeVisible();
    const intents = (await stripe("setup_intents")) as { data: { id: string; status: string }[] };
    const setupIntent = intents.data.find((si) => si.status === "succeeded");
    expect(setupIntent).toBeTruthy();
    await page.goto(`/${slug}/billing/payment-methods/setup-complete?setup_intent=${setupIntent!.id}`);
    await expect(page.getByText("Card added")).toBeVisible();
    await audit(page, "/[tenant]/billing/payment-methods/setup-complete", findings);
    await page.context().close();
    expect(findings, findings.join("\n")).toEqual([]);
  });

  test("admin and member: a new invoice (empty, error, filled), paying it, the paid payment with the refund dialog open", async ({ browser }) => {
    const findings: string[] = [];
    const adminPage = await freshPage(browser);
    await signIn(adminPage, admin);
    await adminPage.goto(`/${slug}/admin/invoices/new`);
    await audit(adminPage, "/[tenant]/admin/invoices/new", findings);
    const option = adminPage.locator("select[name=memberId] option", { hasText: member });
    await adminPage.getByLabel("Member").selectOption((await option.first().getAttribute("value")) ?? "");
    // The builder: one custom line (a catalog line first when the catalog has one-time items).
    await adminPage.getByRole("button", { name: "+ Custom line" }).click();
    await adminPage.getByRole("button", { name: "Remove line 1" }).click();
    await adminPage.getByLabel("Line 1: description").fill("Spring workshop seat");
    const amount = adminPage.getByTestId("invoice-line").nth(0).getByLabel("Amount");
    await amount.fill("twenty");
    await adminPage.getByRole("button", { name: "Preview invoice" }).click();
    await expect(adminPage.getByTestId("new-invoice-form").getByRole("alert").first()).toBeVisible();
    await audit(adminPage, "/[tenant]/admin/invoices/new (error)", findings);
    await expect(adminPage.getByLabel("Line 1: description")).toHaveValue("Spring workshop seat");
    await expect(amount).toHaveValue("twenty");
    await amount.fill("25.00");
    await adminPage.getByLabel("Memo (shown on the invoice)").fill("See you on Saturday");
    await audit(adminPage, "/[tenant]/admin/invoices/new (filled)", findings);
    await adminPage.getByRole("button", { name: "Preview invoice" }).click();
    await expect(adminPage.getByTestId("invoice-preview-total")).toHaveText("$25.00");
    await audit(adminPage, "/[tenant]/admin/invoices/new (preview)", findings);
    await adminPage.getByRole("button", { name: "Finalize and send $25.00" }).click();
    await expect(adminPage).toHaveURL(/\/admin\/invoices\?created=1/);

    // The member's payment from the test before, once its webhook has made it refundable.
    await expect(async () => {
      await adminPage.goto(`/${slug}/admin/payments/${paymentId}`);
      await expect(adminPage.getByRole("button", { name: "Refund" })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await audit(adminPage, "/[tenant]/admin/payments/[paymentId]", findings);
    await adminPage.getByLabel(/^Amount/).fill("10.00");
    await adminPage.getByRole("button", { name: "Refund" }).click();
    await expect(adminPage.getByRole("dialog", { name: "Refund this payment?" })).toBeVisible();
    await audit(adminPage, "/[tenant]/admin/payments/[paymentId] (refund dialog open)", findings);
    await shoot(adminPage, SHOTS, "admin-payment-refund-dialog");
    if (SHOTS) {
      await adminPage.goto(`/${slug}/admin/payments`);
      await shoot(adminPage, SHOTS, "admin-payments");
    }
    await adminPage.context().close();

    const page = await freshPage(browser);
    await signIn(page, member);
    await expect(async () => {
      await page.goto(`/${slug}/billing/invoices`);
      await expect(page.getByRole("link", { name: "Pay $25.00" })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await page.getByRole("link", { name: "Pay $25.00" }).click();
    await expect(page.getByTestId("invoice-amount-due")).toHaveText("$25.00");
    await audit(page, "/[tenant]/billing/invoices/[invoiceId]/pay", findings);
    await page.getByRole("radio", { name: "A new card" }).check();
    await expect(page.getByLabel("Card number")).toBeVisible();
    await audit(page, "/[tenant]/billing/invoices/[invoiceId]/pay (new card)", findings);
    await page.context().close();
    expect(findings, findings.join("\n")).toEqual([]);
  });
});
