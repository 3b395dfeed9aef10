// Months of club life for the offline demo, generated THROUGH the Stripe emulator and the portal's
// own services: members subscribe, pay, upgrade, cancel, buy tickets and credits, get refunds, and
// a few renewals fail and recover. Time starts HISTORY_DAYS ago and moves a day at a time (the
// whole process's clock, time-travel.ts, and the emulator's test clock with it), so renewals
// happen when they would and everything is dated the day it happened. Every change reaches the database the way it does
// in production: as a signed webhook, verified and projected by the real ingest
// (lib/webhooks/ingest.ts), served here by a small HTTP listener on the app's own port until
// `next start` takes it over.
import { createServer, type Server } from "node:http";
import Stripe from "stripe";
import type { Db } from "@/db/client";
import { addMembership, getMembership } from "@/db/queries/memberships";
import { createUser, getUserByEmail } from "@/db/queries/users";
import type { StripeEmulator } from "@/tools/stripe-emulator/server";
import { hashPassword } from "@/lib/auth/password";
import { demoPriceIds } from "@/lib/demo/seed-demo-catalog";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo-data";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { createMemberPayment } from "@/lib/payments/create-member-payment";
import { refundPayment } from "@/lib/payments/refund-payment";
import { createMemberSubscription } from "@/lib/subscriptions/create-member-subscription";
import { updateMemberSubscription } from "@/lib/subscriptions/manage-subscription";
import { invoicePaymentSecret } from "@/lib/subscriptions/pay-invoice";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";
import { HISTORY_DAYS, MEMBER_STORIES, type MemberStory } from "./demo-members";
import { backToPresent, travelTo } from "./time-travel";

const DAY = 86_400;
/** Stripe's test card that declines with insufficient funds. */
const DECLINING_CARD = "4000000000009995";

type Tenant = { id: string; slug: string };
type Member = { story: MemberStory; actor: TenantActor; subscriptionId?: string; customerId?: string; failedOn?: number; recovered?: boolean };

/** Routes the emulator's deliveries to the real ingest, as the app's route handler would. */
async function startWebhookReceiver(db: Db, port: number): Promise<Server> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/api\/webhooks\/stripe\/([^/]+)\/([^/?]+)/.exec(req.url ?? "");
    if (!match) return void res.writeHead(404).end();
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://localhost${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) });
    const response = await handleStripeWebhook(db, request, { tenantId: match[1] ?? "", mode: match[2] ?? "" });
    res.writeHead(response.status).end(await response.text());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, resolve);
  });
  return server;
}

async function ensureMember(db: Db, tenant: Tenant, story: MemberStory, passwordHash: string): Promise<TenantActor> {
  const email = `${story.email}@acme.test`;
  const user = (await getUserByEmail(db, { email })) ?? (await createUser(db, { email, name: story.name, passwordHash }));
  if (!(await getMembership(db, { tenantId: tenant.id, userId: user.id }))) await addMembership(db, { tenantId: tenant.id, userId: user.id, role: "ROLE_MEMBER" });
  return { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.id, role: "ROLE_MEMBER" };
}

export async function seedDemoHistory(opts: {
  db: Db;
  emulator: StripeEmulator;
  account: { id: string; secretKey: string };
  tenant: Tenant;
  adminUserId: string;
  appPort: number;
  /** Unix time of day 0 (HISTORY_DAYS before the present). */
  start: number;
  log?: (line: string) => void;
}): Promise<{ members: number; days: number }> {
  const { db, emulator, tenant } = opts;
  const log = opts.log ?? (() => {});
  const stripe = new Stripe(opts.account.secretKey, { apiVersion: "2026-10-28.endive", host: "127.0.0.1", port: new URL(emulator.url).port, protocol: "http" });
  const admin: TenantActor = { tenantId: tenant.id, tenantSlug: tenant.slug, userId: opts.adminUserId, role: "ROLE_CLIENT_ADMIN" };
  const prices = await demoPriceIds(db, { tenantId: tenant.id });
  const priceId = (key: string) => {
    const id = prices.get(key);
    if (!id) throw new Error(`The demo catalog has no price "${key}".`);
    return id;
  };
  const control = async (path: string, body: object) => {
    const res = await fetch(`${emulator.url}/_emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`Emulator ${path} answered ${res.status}: ${await res.text()}`);
  };
  const pay = async (clientSecret: string | null, card = "pm_card_visa") => {
    const intent = (clientSecret ?? "").split("_secret_")[0] ?? "";
    await stripe.paymentIntents.confirm(intent, { payment_method: card });
  };

  const receiver = await startWebhookReceiver(db, opts.appPort);
  try {
    const { start } = opts;
    // Each day: this process's clock moves to it (time-travel.ts), then the emulator's test clock runs
    // what is due that day (renewals, ends of canceled periods), then the members' actions happen.
    const day0 = async (day: number) => {
      travelTo(start + day * DAY);
      await control("clock/set", { account: opts.account.id, frozen_time: Math.floor(Date.now() / 1000) });
      await emulator.idle();
    };
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const members: Member[] = [];
    for (const story of MEMBER_STORIES) members.push({ story, actor: await ensureMember(db, tenant, story, passwordHash) });
    const purchases = new Map<string, string>(); // `${email}:${day}` → portal payment id

    for (let day = 0; day <= HISTORY_DAYS; day++) {
      await day0(day);
      for (const m of members) {
        const { story, actor } = m;
        if (story.join?.day === day) {
          const started = await createMemberSubscription(db, actor, { priceId: priceId(story.join.plan) });
          await pay(started.clientSecret);
          m.subscriptionId = started.id;
          m.customerId = started.customerId;
        }
        if (m.subscriptionId && story.change?.day === day) await updateMemberSubscription(db, actor, m.subscriptionId, { priceId: priceId(story.change.plan) });
        if (m.subscriptionId && story.cancel === day) await updateMemberSubscription(db, actor, m.subscriptionId, { cancelAtPeriodEnd: true });
        if (m.subscriptionId && m.customerId && story.cardFails?.day === day) {
          const card = await stripe.paymentMethods.create({ type: "card", card: { number: DECLINING_CARD, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvc: "123" } });
          await stripe.paymentMethods.attach(card.id, { customer: m.customerId });
          await stripe.subscriptions.update(m.subscriptionId, { default_payment_method: card.id });
        }
        if (m.subscriptionId && story.cardFails && day > story.cardFails.day && !m.recovered) {
          const sub = await stripe.subscriptions.retrieve(m.subscriptionId);
          if (sub.status === "past_due") m.failedOn ??= day;
          const wait = story.cardFails.recoverAfter;
          if (m.failedOn !== undefined && wait !== undefined && day - m.failedOn >= wait && typeof sub.latest_invoice === "string") {
            const invoice = await invoicePaymentSecret(db, actor, sub.latest_invoice);
            await pay(invoice.clientSecret);
            m.recovered = true;
          }
        }
        for (const buy of story.buys ?? []) {
          if (buy.day === day) {
            const payment = await createMemberPayment(db, actor, { priceId: priceId(buy.item), saveCard: false });
            await pay(payment.clientSecret);
            purchases.set(`${story.email}:${buy.day}`, payment.paymentId);
          }
          if (buy.refund && buy.day + buy.refund.after === day) {
            const paymentId = purchases.get(`${story.email}:${buy.day}`);
            if (!paymentId) continue;
            await refundPayment(db, admin, { paymentId, reason: "requested_by_customer", ...(buy.refund.partial ? { amount: halfOf(buy.item) } : {}) });
          }
        }
        await emulator.idle();
      }
      if (day % 30 === 0) log(`  · day ${day} of ${HISTORY_DAYS}`);
    }
    return { members: members.length, days: HISTORY_DAYS };
  } finally {
    backToPresent();
    await new Promise((resolve) => receiver.close(resolve));
  }
}

/** Half of a one-time item's price (the demo's partial refund), as in lib/demo/seed-demo-catalog.ts. */
function halfOf(item: string): number {
  return { workshop: 1250, bootcamp: 2250, "credits-50": 2500, "credits-100": 5000 }[item] ?? 0;
}
