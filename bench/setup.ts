import type Stripe from "stripe";
import type { Db } from "@/db/client";
import type { PaidInvoice } from "./event-mix";

/*
 * The bench tenant as the app sees it in production: an admin, members (some of them referred by
 * another member, so a first purchase settles a referral), a credit package, and its test mode
 * connected to a Stripe account (the emulator) through the same functions the settings page calls.
 * Imported lazily by bench/webhooks.ts after APP_ENCRYPTION_KEY and STRIPE_API_BASE are set.
 */

export type EmulatorAccount = { id: string; secretKey: string; publishableKey: string };

/** POST /_emulator/accounts: a fresh Stripe account with its keys (see tools/stripe-emulator/README.md). */
export async function createEmulatorAccount(emulatorUrl: string, name: string): Promise<EmulatorAccount> {
  const res = await fetch(`${emulatorUrl}/_emulator/accounts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: "test", name }) });
  if (!res.ok) throw new Error(`emulator: creating an account answered ${res.status}`);
  return (await res.json()) as EmulatorAccount;
}

/** Admin + `count` members; every other member was referred by the one before (pending referral). */
export async function createPeople(db: Db, tenantId: string, count: number): Promise<{ adminId: string; memberIds: string[] }> {
  const { createUser } = await import("@/db/queries/users");
  const { addMembership } = await import("@/db/queries/memberships");
  const { insertReferral } = await import("@/db/queries/referrals");
  const admin = await createUser(db, { email: "admin@bench.test", name: "Bench admin" });
  await addMembership(db, { tenantId, userId: admin.id, role: "ROLE_CLIENT_ADMIN" });
  const memberIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const user = await createUser(db, { email: `member${i}@bench.test`, name: `Member ${i}` });
    await addMembership(db, { tenantId, userId: user.id, role: "ROLE_MEMBER" });
    if (i % 2 === 1) await insertReferral(db, { tenantId, referredUserId: user.id, referrerUserId: memberIds[i - 1]! });
    memberIds.push(user.id);
  }
  return { adminId: admin.id, memberIds };
}

/** A credit package (1 credit per cent) the portal sells; its price id goes into purchases' metadata. */
export async function createCreditPackage(db: Db, tenantId: string, amount: number): Promise<string> {
  const { insertPrice, insertProduct } = await import("@/db/queries/catalog-products");
  const product = await insertProduct(db, { tenantId, kind: "credit_package", name: "Bench credits", description: null, active: true });
  const price = await insertPrice(db, { tenantId, productId: product.id, amount, currency: "usd", type: "one_time", interval: null, intervalCount: null, credits: amount, nickname: null });
  return price.id;
}

/**
 * Connects the tenant's test mode to the emulator account as its admin would on the settings page:
 * save the keys, test the connection (the app's own code, so the secret key is stored encrypted
 * exactly as in production), then the webhook signing secret the benchmark signs with.
 */
export async function connectTenant(db: Db, { tenantId, adminId, account, webhookSecret }: { tenantId: string; adminId: string; account: EmulatorAccount; webhookSecret: string }) {
  const { saveStripeKeys } = await import("@/lib/stripe-connection/save-stripe-keys");
  const { testStripeConnection } = await import("@/lib/stripe-connection/test-stripe-connection");
  const { setWebhookSecret } = await import("@/tests/helpers/webhooks");
  const actor = { tenantId, userId: adminId, requestId: "bench-setup" };
  const steps = [
    ["save keys", await saveStripeKeys(db, actor, { mode: "test", input: { publishableKey: account.publishableKey, secretKey: account.secretKey } })],
    ["test connection", await testStripeConnection(db, actor, { mode: "test" })],
  ] as const;
  for (const [name, result] of steps) if (!result.ok) throw new Error(`connecting the bench tenant to the emulator failed at "${name}": ${result.error ?? "unknown error"}`);
  await setWebhookSecret(db, { tenantId, mode: "test", secret: webhookSecret });
}

/**
 * `count` invoices, paid in the emulator account the way a renewal is paid (a draft with one line,
 * paid off-session with a card), each of them once the object of a same-second tie. Stripe's own
 * SDK against the emulator, `concurrency` at a time.
 */
export async function createPaidInvoices(secretKey: string, count: number, { concurrency = 16, amount = 1500 } = {}): Promise<PaidInvoice[]> {
  const { createStripeClient } = await import("@/lib/stripe/client");
  const stripe = createStripeClient(secretKey, { maxNetworkRetries: 2 });
  const customers: Stripe.Customer[] = [];
  for (let i = 0; i < 20; i++) customers.push(await stripe.customers.create({ email: `renewing${i}@bench.test`, name: `Renewing member ${i}` }));
  const out: PaidInvoice[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const customer = customers[next++ % customers.length]!.id;
        const draft = await stripe.invoices.create({ customer, auto_advance: false, description: "Monthly membership" });
        await stripe.invoiceItems.create({ customer, invoice: draft.id!, amount, currency: "usd", description: "Membership" });
        const paid = await stripe.invoices.pay(draft.id!, { payment_method: "pm_card_visa", expand: ["payments"] });
        const paymentIntent = paid.payments?.data[0]?.payment.payment_intent;
        if (paid.status !== "paid" || !paymentIntent) throw new Error(`emulator: invoice ${draft.id} is ${paid.status} after paying it`);
        out.push({ id: paid.id!, customer, paymentIntent: typeof paymentIntent === "string" ? paymentIntent : paymentIntent.id, amount });
      }
    }),
  );
  return out;
}
