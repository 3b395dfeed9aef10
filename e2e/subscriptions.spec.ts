import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { signIn } from "./support/auth";
import { e2eDatabaseUrl, EMULATOR_URL } from "./support/e2e-env";
import { connectTenantToEmulator, emulatorControl, fillCard, shoot as shootTo } from "./support/emulator";

const SHOTS = process.env.SUBSCRIPTIONS_SHOTS;
const shoot = (page: Page, name: string) => shootTo(page, SHOTS, name);
const DAY = 86400;
let account: Record<string, string> = {};
let basicPriceId = "";
let premiumPriceId = "";
let ticketPriceId = "";

/** Calls the emulated Stripe API with acme's secret key (what a Dashboard user would do by hand). */
async function stripe(path: string, params: Record<string, string> = {}, method = "POST") {
  const res = await fetch(`${EMULATOR_URL}/v1/${path}`, {
    method,
    headers: { authorization: `Bearer ${account.secretKey}`, "content-type": "application/x-www-form-urlencoded" },
    body: method === "GET" ? undefined : new URLSearchParams(params),
  });
  expect(res.ok).toBe(true);
  return res.json() as Promise<Record<string, unknown>>;
}

/** The manage page follows webhooks: reload until the status badge says what we expect. */
async function expectStatus(page: Page, status: string) {
  await expect(async () => {
    await page.goto("/e2e-subs/billing/subscription");
    await expect(page.getByTestId("subscription-status").first()).toHaveAttribute("data-status", status, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}

async function subscriptionId(): Promise<string> {
  const list = (await stripe("subscriptions?status=all", {}, "GET")) as { data: { id: string; status: string }[] };
  return list.data.find((s) => s.status !== "canceled")?.id ?? "";
}

test.describe.serial("membership subscriptions", () => {
  test.beforeAll(async ({ browser }) => {
    const name = `Acme Subscriptions ${Date.now()}`;
    await connectTenantToEmulator(browser, { slug: "e2e-subs", adminEmail: "admin@e2e-subs.test", name });
    const accounts = (await (await fetch(`${EMULATOR_URL}/_emulator/accounts`)).json()) as { data: Record<string, string>[] };
    account = accounts.data.find((a) => a.name === name) ?? {};
    expect(account.secretKey).toMatch(/^sk_test_/);
    const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
    const [acme] = await sql`select id from tenants where slug = 'e2e-subs'`;
    const [product] = await sql`insert into catalog_products (tenant_id, kind, name, description) values (${acme!.id}, 'membership_plan', 'Club membership', 'Members-only events and the newsletter archive') returning id`;
    const [set] = await sql`insert into entitlement_sets (tenant_id, name, feature_keys) values (${acme!.id}, 'Club member area', ${sql.json(["club-area"])}) returning id`;
    await sql`insert into product_entitlement_sets (tenant_id, product_id, entitlement_set_id) values (${acme!.id}, ${product!.id}, ${set!.id})`;
    const stripeProduct = await stripe("products", { name: "Club membership" });
    for (const [amount, nickname] of [[1000, "Basic"], [3000, "Premium"]] as const) {
      const [price] = await sql`insert into catalog_prices (tenant_id, product_id, amount, currency, type, interval, interval_count, nickname) values (${acme!.id}, ${product!.id}, ${amount}, 'usd', 'recurring', 'month', 1, ${nickname}) returning id`;
      const sp = await stripe("prices", { product: String(stripeProduct.id), currency: "usd", unit_amount: String(amount), "recurring[interval]": "month", nickname });
      await sql`insert into stripe_catalog_mappings (tenant_id, mode, object_kind, local_id, stripe_id, status) values (${acme!.id}, 'test', 'price', ${price!.id}, ${String(sp.id)}, 'synced')`;
      if (nickname === "Basic") basicPriceId = price!.id;
      else premiumPriceId = price!.id;
    }
    const [ticket] = await sql`insert into catalog_products (tenant_id, kind, name) values (${acme!.id}, 'event_ticket', 'Summer gala ticket') returning id`;
    const [ticketPrice] = await sql`insert into catalog_prices (tenant_id, product_id, amount, currency, type) values (${acme!.id}, ${ticket!.id}, 4000, 'usd', 'one_time') returning id`;
    const stripeTicket = await stripe("products", { name: "Summer gala ticket" });
    const sp = await stripe("prices", { product: String(stripeTicket.id), currency: "usd", unit_amount: "4000" });
    await sql`insert into stripe_catalog_mappings (tenant_id, mode, object_kind, local_id, stripe_id, status) values (${acme!.id}, 'test', 'price', ${ticketPrice!.id}, ${String(sp.id)}, 'synced')`;
    ticketPriceId = ticketPrice!.id;
    await sql.end();
  });

  test("a member subscribes with 4242, sees active only after the webhook, and the plan's access appears", async ({ page }) => {
    await signIn(page, "member@e2e-subs.test");
    await page.goto("/e2e-subs/billing");
    // The seed may offer other plans too: pick the one this spec created.
    await page.locator(`a[href="/e2e-subs/billing/subscribe/${basicPriceId}"]`).click();
    await expect(page).toHaveURL(new RegExp(`/e2e-subs/billing/subscribe/${basicPriceId}`));
    await expect(page.getByTestId("plan-price")).toHaveText("$10.00 / month");
    // A double click starts one subscription.
    await page.getByRole("button", { name: "Continue to payment" }).dblclick();
    await expect(page.getByLabel("Card number")).toBeVisible();
    await fillCard(page, "4242 4242 4242 4242");
    await shoot(page, "subscribe");
    await page.getByRole("button", { name: /^Subscribe/ }).click();
    await expect(page).toHaveURL(/\/e2e-subs\/billing\/subscription/);
    await expectStatus(page, "active");
    await expect(page.getByTestId("renewal-date")).not.toHaveText("—");
    await shoot(page, "manage-active");
    const subs = (await stripe("subscriptions?status=all", {}, "GET")) as { data: unknown[] };
    expect(subs.data).toHaveLength(1);
    await page.goto("/e2e-subs");
    await expect(page.getByTestId("access-list")).toContainText("Club member area");
  });

  test("the test clock renews; a failing card → past due notice → Pay now with 4242 → active again", async ({ page }) => {
    await signIn(page, "member@e2e-subs.test");
    await emulatorControl("clock/advance", { account: account.id!, seconds: 32 * DAY });
    await expect(async () => {
      await page.goto("/e2e-subs/billing/invoices");
      await expect(page.getByTestId("invoice-status").filter({ hasText: "Paid" })).toHaveCount(2, { timeout: 1000 });
    }).toPass({ timeout: 20_000 });

    const sub = await subscriptionId();
    const customer = String((await stripe(`subscriptions/${sub}`, {}, "GET")).customer);
    const pm = await stripe("payment_methods", { type: "card", "card[number]": "4000000000009995", "card[exp_month]": "12", "card[exp_year]": "2034", "card[cvc]": "123" });
    await stripe(`payment_methods/${String(pm.id)}/attach`, { customer });
    await stripe(`subscriptions/${sub}`, { default_payment_method: String(pm.id) });
    await emulatorControl("clock/advance", { account: account.id!, seconds: 32 * DAY });

    await expectStatus(page, "past_due");
    await expect(page.getByTestId("past-due-notice")).toContainText("$10.00");
    await shoot(page, "manage-past-due");
    await page.getByRole("link", { name: "Pay now" }).click();
    // The saved 4242 card is offered first and charged on the server.
    await expect(page.getByRole("radio", { name: /Visa ending 4242/ })).toBeChecked();
    await shoot(page, "pay-invoice-saved-card");
    await page.getByRole("button", { name: "Pay $10.00" }).click();
    await expect(page).toHaveURL(/\/e2e-subs\/billing\/invoices\?paid=in_/);
    await expect(page.getByRole("status").filter({ hasText: /Payment sent for|is paid/ })).toBeVisible();
    await page.goto("/e2e-subs/billing/subscription");
    await expectStatus(page, "active");
    await expect(page.getByTestId("past-due-notice")).toHaveCount(0);
    // The card that paid is now the one renewals charge.
    await expect(page.getByTestId("renewal-card")).toHaveText("Visa •••• 4242");
  });

  test("upgrade with a proration preview, cancel at period end and resume", async ({ page }) => {
    await signIn(page, "member@e2e-subs.test");
    await page.goto("/e2e-subs/billing/subscription");
    await page.getByText("Change plan").click();
    await page.getByLabel("Switch to").selectOption(premiumPriceId);
    await page.getByRole("button", { name: "Preview the change" }).click();
    await expect(page.getByTestId("proration-total")).toHaveText(/^\$\d+\.\d\d$/);
    // Lines name the plans as Stripe does ("Unused time on <product> after <date>"), never a price id.
    await expect(page.getByText(/^Unused time on .+ after \d{2} \w{3} \d{4}$/)).toBeVisible();
    await expect(page.getByText(/price_/)).toHaveCount(0);
    await shoot(page, "manage-proration");
    await page.getByRole("button", { name: "Confirm plan change" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Plan changed" })).toBeVisible();
    await expect(async () => {
      await page.goto("/e2e-subs/billing/subscription");
      await expect(page.getByText("$30.00 / month").first()).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });

    await page.getByRole("button", { name: "Cancel at period end" }).click();
    await expect(async () => {
      await page.goto("/e2e-subs/billing/subscription");
      await expect(page.getByTestId("cancel-pending")).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await shoot(page, "manage-cancel-pending");
    await page.getByRole("button", { name: "Resume membership" }).click();
    await expect(async () => {
      await page.goto("/e2e-subs/billing/subscription");
      await expect(page.getByRole("button", { name: "Cancel at period end" })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expectStatus(page, "active");
  });

  test("the member changes the card the membership renews on: a new card (SetupIntent), then back to the saved one", async ({ page }) => {
    await signIn(page, "member@e2e-subs.test");
    await page.goto("/e2e-subs/billing/subscription");
    await expect(page.getByTestId("renewal-card")).toHaveText("Visa •••• 4242");
    await page.getByText("Change the card it renews on").click();
    const form = page.getByTestId("renewal-card-form");
    await form.getByRole("radio", { name: "A new card" }).check();
    await form.getByRole("button", { name: "Enter the new card" }).click();
    await fillCard(page, "5555 5555 5555 4444");
    await shoot(page, "renewal-card-new");
    await form.getByRole("button", { name: "Save and renew on this card" }).click();
    await expect(form.getByRole("status")).toHaveText("Your membership now renews on Mastercard •••• 4444.");
    await page.reload();
    await expect(page.getByTestId("renewal-card")).toHaveText("Mastercard •••• 4444");
    const sub = await subscriptionId();
    // Stripe renews on it: the subscription's own default_payment_method.
    const renewsOn = (await stripe(`subscriptions/${sub}?expand[]=default_payment_method`, {}, "GET")).default_payment_method as { card?: { last4: string } } | null;
    expect(renewsOn?.card?.last4).toBe("4444");

    // Back to the saved Visa.
    await page.getByText("Change the card it renews on").click();
    await form.getByRole("radio", { name: /Visa ending 4242/ }).check();
    await shoot(page, "renewal-card-saved");
    await form.getByRole("button", { name: "Renew on this card" }).click();
    await expect(form.getByRole("status")).toHaveText("Your membership now renews on Visa •••• 4242.");
    await page.reload();
    await expect(page.getByTestId("renewal-card")).toHaveText("Visa •••• 4242");
  });

  test("an admin cancels immediately; the member's membership ends after the webhook; members get 403 on the admin page", async ({ page, browser }) => {
    const admin = await browser.newPage();
    await signIn(admin, "admin@e2e-subs.test");
    await admin.goto("/e2e-subs/admin/subscriptions");
    await shoot(admin, "admin-subscriptions");
    await admin.getByTestId("cancel-now-form").first().getByRole("button", { name: "Cancel now" }).click();
    const confirm = admin.getByRole("dialog", { name: /^Cancel .* now\?$/ });
    await expect(confirm).toContainText("ends immediately");
    // Escape (or Cancel) leaves the subscription alone.
    await admin.keyboard.press("Escape");
    await expect(confirm).toBeHidden();
    await admin.reload();
    await expect(admin.getByTestId("admin-subscriptions").getByTestId("subscription-status").first()).not.toHaveAttribute("data-status", "canceled");
    await admin.getByTestId("cancel-now-form").first().getByRole("button", { name: "Cancel now" }).click();
    await confirm.getByRole("button", { name: "Yes, cancel now" }).click();
    // The webhook may land before the action's re-render: the row then shows Canceled (form gone).
    await expect(async () => {
      await admin.goto("/e2e-subs/admin/subscriptions");
      await expect(admin.getByTestId("admin-subscriptions").getByTestId("subscription-status").first()).toHaveAttribute("data-status", "canceled", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await admin.close();

    await signIn(page, "member@e2e-subs.test");
    await expect(async () => {
      await page.goto("/e2e-subs/billing/subscription");
      await expect(page.getByText("You have no active membership")).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByTestId("subscription-status").first()).toHaveAttribute("data-status", "canceled");
    const res = await page.goto("/e2e-subs/admin/subscriptions");
    expect(res?.status()).toBe(403);
  });

  test("an admin invoices the member for two lines; the member pays it in the portal; both see paid", async ({ page, browser }) => {
    const admin = await browser.newPage();
    await signIn(admin, "admin@e2e-subs.test");
    await admin.goto("/e2e-subs/admin/invoices/new");
    const option = admin.locator("select[name=memberId] option", { hasText: "member@e2e-subs.test" });
    await admin.getByLabel("Member").selectOption((await option.first().getAttribute("value")) ?? "");
    // The builder starts with a catalog line (the gala ticket); this invoice is two custom lines.
    await admin.getByRole("button", { name: "+ Custom line" }).click();
    await admin.getByRole("button", { name: "+ Custom line" }).click();
    await admin.getByRole("button", { name: "Remove line 1" }).click();
    await admin.getByLabel("Line 1: description").fill("Spring workshop seat");
    await admin.getByTestId("invoice-line").nth(0).getByLabel("Amount").fill("25.00");
    await admin.getByLabel("Line 2: description").fill("Workshop materials");
    await admin.getByTestId("invoice-line").nth(1).getByLabel("Amount").fill("5.00");
    await admin.getByLabel("Memo (shown on the invoice)").fill("See you on Saturday");
    await shoot(admin, "admin-invoice-new");
    await admin.getByRole("button", { name: "Preview invoice" }).click();
    await expect(admin.getByTestId("invoice-preview-total")).toHaveText("$30.00");
    await admin.getByRole("button", { name: "Finalize and send $30.00" }).click();
    await expect(admin).toHaveURL(/\/e2e-subs\/admin\/invoices\?created=1/);

    await signIn(page, "member@e2e-subs.test");
    await expect(async () => {
      await page.goto("/e2e-subs/billing/invoices");
      await expect(page.getByRole("link", { name: "Pay $30.00" })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await shoot(page, "member-invoices");
    await page.getByRole("link", { name: "Pay $30.00" }).click();
    // What is being paid: the lines and the memo the admin wrote.
    await expect(page.getByTestId("invoice-amount-due")).toHaveText("$30.00");
    await expect(page.getByRole("cell", { name: "Workshop materials" })).toBeVisible();
    await expect(page.getByText("See you on Saturday")).toBeVisible();
    await page.getByRole("radio", { name: "A new card" }).check();
    await fillCard(page, "4242 4242 4242 4242");
    await shoot(page, "pay-invoice-new-card");
    await page.getByRole("button", { name: "Pay $30.00" }).click();
    await expect(page).toHaveURL(/\/e2e-subs\/billing\/invoices\?paid=in_/);
    await expect(async () => {
      await page.goto("/e2e-subs/billing/invoices");
      await expect(page.getByTestId("invoice-row").filter({ hasText: "$30.00" }).getByTestId("invoice-status")).toHaveText("Paid", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    // WCAG 2.2 target size: the small "View" link (Stripe's hosted invoice) is at least 24 × 24 px.
    const view = await page.getByTestId("invoice-row").filter({ hasText: "$30.00" }).getByRole("link", { name: "View" }).boundingBox();
    expect(Math.min(view?.width ?? 0, view?.height ?? 0)).toBeGreaterThanOrEqual(24);
    await expect(async () => {
      await admin.goto("/e2e-subs/admin/invoices?status=paid");
      await expect(admin.getByTestId("invoice-row").filter({ hasText: "$30.00" }).getByTestId("invoice-status")).toHaveText("Paid", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await shoot(admin, "admin-invoices");
    await admin.close();
  });

  test("the invoice builder: a catalog item × 2 and a custom line, previewed, sent; the admin marks it uncollectible after a cancelled first try", async ({ page, browser }) => {
    const admin = await browser.newPage();
    await signIn(admin, "admin@e2e-subs.test");
    await admin.goto("/e2e-subs/admin/invoices/new");
    const option = admin.locator("select[name=memberId] option", { hasText: "member@e2e-subs.test" });
    await admin.getByLabel("Member").selectOption((await option.first().getAttribute("value")) ?? "");
    // Line 1 starts as a catalog item: the gala ticket at its catalog price.
    await admin.getByLabel("Line 1: catalog item").selectOption(ticketPriceId);
    await admin.getByTestId("invoice-line").nth(0).getByLabel("Quantity").fill("2");
    await admin.getByRole("button", { name: "+ Custom line" }).click();
    await admin.getByLabel("Line 2: description").fill("Parking");
    await admin.getByTestId("invoice-line").nth(1).getByLabel("Amount").fill("5.00");
    await admin.getByLabel("Due in (days)").fill("10");
    await shoot(admin, "invoice-builder");
    await admin.getByRole("button", { name: "Preview invoice" }).click();
    const preview = admin.getByTestId("invoice-preview");
    await expect(preview.getByRole("cell", { name: "Summer gala ticket × 2" })).toBeVisible();
    await expect(admin.getByTestId("invoice-preview-total")).toHaveText("$85.00");
    await shoot(admin, "invoice-builder-preview");
    // Back to edit keeps the lines; preview again and send.
    await admin.getByRole("button", { name: "Back to edit" }).click();
    await expect(admin.getByLabel("Line 2: description")).toHaveValue("Parking");
    await admin.getByRole("button", { name: "Preview invoice" }).click();
    await admin.getByRole("button", { name: "Finalize and send $85.00" }).click();
    await expect(admin).toHaveURL(/\/e2e-subs\/admin\/invoices\?created=1/);

    const row = admin.getByTestId("invoice-row").filter({ hasText: "$85.00" });
    await expect(async () => {
      await admin.goto("/e2e-subs/admin/invoices");
      await expect(row.getByTestId("invoice-status")).toHaveText("Open", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(row.getByTestId("invoice-due")).toContainText("due");
    await expect(row.getByRole("link", { name: /PDF/ })).toHaveAttribute("href", /\/pdf$/);
    await shoot(admin, "admin-invoices-open");
    // The member sees the due date and the PDF too.
    await signIn(page, "member@e2e-subs.test");
    await page.goto("/e2e-subs/billing/invoices");
    const mine = page.getByTestId("invoice-row").filter({ hasText: "$85.00" });
    await expect(mine.getByTestId("invoice-due")).toBeVisible();
    await expect(mine.getByRole("link", { name: /PDF/ })).toBeVisible();

    // Cancel leaves it open.
    await row.getByRole("button", { name: "Mark uncollectible" }).click();
    const dialog = admin.getByRole("dialog");
    await expect(dialog).toContainText("$85.00");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await admin.reload();
    await expect(row.getByTestId("invoice-status")).toHaveText("Open");
    await row.getByRole("button", { name: "Mark uncollectible" }).click();
    await admin.getByRole("dialog").getByRole("button", { name: "Yes, mark uncollectible" }).click();
    // The result is the status chip (the webhook often lands before the page re-renders, and the open row's buttons go with it).
    await expect(async () => {
      await admin.goto("/e2e-subs/admin/invoices?status=uncollectible");
      await expect(row.getByTestId("invoice-status")).toHaveText("Uncollectible", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await admin.close();
  });

  test("admin lists: search members by e-mail and payments by amount; the exports download as CSV", async ({ browser }) => {
    const admin = await browser.newPage();
    await signIn(admin, "admin@e2e-subs.test");
    await admin.goto("/e2e-subs/admin/members");
    await admin.getByRole("searchbox", { name: "Search" }).fill("member@e2e");
    await admin.getByRole("button", { name: "Search" }).click();
    await expect(admin).toHaveURL(/q=member%40e2e/);
    await expect(admin.getByTestId("members-list").getByRole("listitem")).toHaveCount(1);
    await expect(admin.getByTestId("members-list")).toContainText("member@e2e-subs.test");
    await shoot(admin, "admin-members-search");
    const csv = await admin.request.get("/api/members/export?tenant=e2e-subs");
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expect(await csv.text()).toContain("member@e2e-subs.test");

    await admin.goto("/e2e-subs/admin/payments");
    await admin.getByRole("searchbox", { name: "Search" }).fill("30.00");
    await admin.getByRole("button", { name: "Apply filters" }).click();
    await expect(admin).toHaveURL(/q=30\.00/);
    // The table renders each amount twice (table cell and phone card): the visible one.
    await expect(admin.getByText("$30.00").filter({ visible: true }).first()).toBeVisible();
    await expect(admin.getByText("$10.00").filter({ visible: true })).toHaveCount(0);
    await shoot(admin, "admin-payments-search");

    // From a member's page to their payments: the list says whose they are and how to see everyone's.
    await admin.goto("/e2e-subs/admin/members");
    await admin.getByTestId("members-list").getByRole("link", { name: /member@e2e-subs\.test/ }).first().click();
    // (the sidebar has a "Payments" link too: this is the member page's own)
    await admin.locator('a[href*="/admin/payments?member="]').click();
    await expect(admin.getByTestId("member-filter")).toContainText("member@e2e-subs.test");
    await expect(admin.getByText("$30.00").filter({ visible: true }).first()).toBeVisible();
    await admin.getByRole("link", { name: "Show every member's" }).click();
    await expect(admin.getByTestId("member-filter")).toHaveCount(0);
    await admin.close();
  });

  test("Manage billing in Stripe opens a portal session for the member's customer that returns to the portal", async ({ page }) => {
    await signIn(page, "member@e2e-subs.test");
    await page.goto("/e2e-subs/billing/subscription");
    await page.getByRole("button", { name: "Manage billing in Stripe" }).click();
    await expect(page).toHaveURL(/\/_emulator\/hosted\/portal\/bps_/);
    await expect(page.locator("body")).toContainText("/e2e-subs/billing/subscription");
  });

  test("embedded Checkout completes a purchase and the session reads complete", async ({ page }) => {
    await signIn(page, "member@e2e-subs.test");
    await page.goto(`/e2e-subs/billing/checkout/${ticketPriceId}`);
    await expect(page.getByTestId("embedded-checkout")).toContainText("40.00 USD");
    await shoot(page, "embedded-checkout");
    await page.getByTestId("embedded-checkout").getByRole("button", { name: "Pay" }).click();
    await expect(page).toHaveURL(/\/e2e-subs\/billing\/checkout\/return\?session_id=cs_test_/);
    await expect(page.getByTestId("checkout-status")).toHaveText("complete");
    const sessionId = new URL(page.url()).searchParams.get("session_id")!;
    const res = await page.request.get(`/api/checkout-sessions/${sessionId}`, { headers: { "x-tenant": "e2e-subs" } });
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ status: "complete", payment_status: "paid", amount_total: 4000 });
  });
});
