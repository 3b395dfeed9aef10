import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { insertMemberCustomer } from "@/db/queries/member-stripe-customers";
import { catalogPrices, catalogProducts } from "@/db/schema";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { listPaymentViews } from "@/lib/payments/read-payments";
import { deliver, nextCreated, piId } from "../helpers/credits";
import { createTestTenant, useTestDb } from "../helpers/db";
import { makeEvent, newSecret, setWebhookSecret } from "../helpers/webhooks";

/*
 * A purchase made on Stripe's Checkout page has a PaymentIntent without a description (Checkout
 * makes it), so payment lists used to call it "Payment". It is named by the price its session
 * bought, like a Payment Element purchase, in the member's history and the admin list alike,
 * whichever of the session's and the intent's events arrives first.
 */

let db: Db;
let tenantId: string;
let admin: TenantActor;
let member: TenantActor;
let ticketPrice: string;
const customer = "cus_checkoutnames1";
const secret = newSecret();
const send = (event: object) => deliver(db, { tenantId, secret }, event);

beforeAll(async () => {
  db = (await useTestDb()).db;
  const t = await createTestTenant(db, "conames");
  tenantId = t.tenant.id;
  admin = { tenantId, tenantSlug: t.tenant.slug, userId: t.admin.id, role: "ROLE_CLIENT_ADMIN" };
  member = { tenantId, tenantSlug: t.tenant.slug, userId: t.member.id, role: "ROLE_MEMBER" };
  await setWebhookSecret(db, { tenantId, mode: "test", secret });
  await insertMemberCustomer(db, { tenantId, userId: t.member.id, mode: "test", stripeCustomerId: customer });
  const [product] = await db.insert(catalogProducts).values({ tenantId, kind: "event_ticket", name: "Summer workshop" }).returning();
  const [price] = await db.insert(catalogPrices).values({ tenantId, productId: product!.id, amount: 4500, currency: "usd", type: "one_time", nickname: "Early bird" }).returning();
  ticketPrice = price!.id;
});

const intentSucceeded = (pi: string) =>
  makeEvent(
    "payment_intent.succeeded",
    { id: pi, object: "payment_intent", amount: 4500, amount_received: 4500, currency: "usd", customer, description: null, latest_charge: `ch_${pi.slice(3)}`, last_payment_error: null, metadata: {}, status: "succeeded" },
    { created: nextCreated() },
  );

const sessionCompleted = (pi: string, metadata: Record<string, string>) =>
  makeEvent(
    "checkout.session.completed",
    {
      id: `cs_test_${pi.slice(3)}`,
      object: "checkout.session",
      mode: "payment",
      status: "complete",
      payment_status: "paid",
      customer,
      payment_intent: pi,
      subscription: null,
      amount_total: 4500,
      currency: "usd",
      metadata,
    },
    { created: nextCreated() },
  );

const items = async (actor: TenantActor, ownOnly = false) =>
  Object.fromEntries((await listPaymentViews(db, actor, { limit: 100, ownOnly })).data.map((p) => [p.stripePaymentIntentId, p.item]));

describe("payments made through Stripe Checkout are named by what they bought", () => {
  it("session after intent, intent after session, and a session without the portal's metadata", async () => {
    const [first, second, foreign] = [piId(), piId(), piId()];
    const portalMetadata = { memberpulse_tenant_id: tenantId, memberpulse_user_id: member.userId, memberpulse_price_id: ticketPrice };
    expect(await send(intentSucceeded(first))).toBe(200);
    expect(await send(sessionCompleted(first, portalMetadata))).toBe(200);
    expect(await send(sessionCompleted(second, portalMetadata))).toBe(200);
    expect(await send(intentSucceeded(second))).toBe(200);
    // Made outside the portal (a Payment Link, another app): nothing to name it by, and a stray id is harmless.
    expect(await send(sessionCompleted(foreign, { memberpulse_price_id: "not-a-uuid" }))).toBe(200);
    expect(await send(intentSucceeded(foreign))).toBe(200);

    const expected = { [first]: "Summer workshop (Early bird)", [second]: "Summer workshop (Early bird)", [foreign]: "Payment" };
    expect(await items(admin)).toMatchObject(expected);
    expect(await items(member, true)).toMatchObject(expected);
  });
});
