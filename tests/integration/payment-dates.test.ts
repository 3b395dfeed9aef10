import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { insertMemberCustomer } from "@/db/queries/member-stripe-customers";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { listPaymentViews } from "@/lib/payments/read-payments";
import { deliver, nextCreated, piId } from "../helpers/credits";
import { createTestTenant, useTestDb } from "../helpers/db";
import { makeEvent, newSecret, setWebhookSecret } from "../helpers/webhooks";

/*
 * A payment is dated by Stripe (the PaymentIntent's `created`), not by the moment its row was
 * written: a backfill, a late webhook or a test clock would otherwise date months of history "today"
 * and list it above newer payments.
 */

let db: Db;
let tenantId: string;
let member: TenantActor;
const customer = "cus_paymentdates1";
const secret = newSecret();
const send = (event: object) => deliver(db, { tenantId, secret }, event);
const DAY = 86_400;

beforeAll(async () => {
  db = (await useTestDb()).db;
  const t = await createTestTenant(db, "paydates");
  tenantId = t.tenant.id;
  member = { tenantId, tenantSlug: t.tenant.slug, userId: t.member.id, role: "ROLE_MEMBER" };
  await setWebhookSecret(db, { tenantId, mode: "test", secret });
  await insertMemberCustomer(db, { tenantId, userId: t.member.id, mode: "test", stripeCustomerId: customer });
});

const succeeded = (pi: string, created: number) =>
  makeEvent(
    "payment_intent.succeeded",
    { id: pi, object: "payment_intent", created, amount: 1200, amount_received: 1200, currency: "usd", customer, description: "Class pass", latest_charge: null, last_payment_error: null, metadata: {}, status: "succeeded" },
    { created: nextCreated() },
  );

describe("payment dates", () => {
  it("come from Stripe's created time, and the list orders by it whatever order the events arrived in", async () => {
    const now = Math.floor(Date.now() / 1000);
    const [recent, old] = [piId(), piId()];
    // The newer payment's event arrives first; the 40-day-old one (a late delivery or an import) after it.
    expect(await send(succeeded(recent, now - 2 * DAY))).toBe(200);
    expect(await send(succeeded(old, now - 40 * DAY))).toBe(200);
    const { data } = await listPaymentViews(db, member, { ownOnly: true });
    expect(data.map((p) => p.stripePaymentIntentId)).toEqual([recent, old]);
    expect(data.map((p) => Math.round(p.createdAt.getTime() / 1000))).toEqual([now - 2 * DAY, now - 40 * DAY]);
  });
});
