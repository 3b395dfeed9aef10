import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { upsertMapping } from "@/db/queries/catalog-mappings";
import { insertPrice, insertProduct, setProductEntitlementSets } from "@/db/queries/catalog-products";
import { insertEntitlementSet } from "@/db/queries/entitlement-sets";
import { insertMemberCustomer } from "@/db/queries/member-stripe-customers";
import { subscriptionItems, subscriptions } from "@/db/schema";
import { grantAccess, revokeAccess } from "@/lib/access/grants";
import { resolveAccess, resolveAccessForTenant } from "@/lib/access/resolve-access";
import { createTestTenant, useTestDb } from "../helpers/db";

let db: Db;
beforeAll(async () => {
  db = (await useTestDb()).db;
});

const DAY = 86_400_000;

async function setup() {
  const t = await createTestTenant(db, "acc");
  const memberArea = await insertEntitlementSet(db, { tenantId: t.tenant.id, name: "Member area", description: null, featureKeys: ["member-area"] });
  const recordings = await insertEntitlementSet(db, { tenantId: t.tenant.id, name: "Workshop recordings", description: null, featureKeys: ["recordings"] });
  return { ...t, memberArea, recordings, actor: { tenantId: t.tenant.id, actorUserId: t.admin.id } };
}

/** A subscription projection as the webhook engine writes it, on a price the catalog synced. */
async function subscribe(t: Awaited<ReturnType<typeof setup>>, { status, setId, suffix }: { status: string; setId: string; suffix: string }) {
  const tenantId = t.tenant.id;
  const product = await insertProduct(db, { tenantId, kind: "membership_plan", name: `Plan ${suffix}`, description: null, active: true });
  await setProductEntitlementSets(db, { tenantId, productId: product.id, setIds: [setId] });
  const price = await insertPrice(db, { tenantId, productId: product.id, amount: 1000, currency: "usd", type: "recurring", interval: "month", intervalCount: 1, credits: null, nickname: null });
  await upsertMapping(db, { tenantId, mode: "test", objectKind: "price", localId: price.id }, { status: "synced", stripeId: `price_${suffix}` });
  await insertMemberCustomer(db, { tenantId, userId: t.member.id, mode: "test", stripeCustomerId: `cus_${t.member.id.slice(0, 8)}` });
  const wm = { tenantId, mode: "test" as const, lastEventCreated: 1, lastEventId: "evt_x" };
  const now = new Date();
  await db.insert(subscriptions).values({ ...wm, stripeSubscriptionId: `sub_${suffix}`, stripeCustomerId: `cus_${t.member.id.slice(0, 8)}`, status, currentPeriodEnd: new Date(now.getTime() + 30 * DAY) });
  await db.insert(subscriptionItems).values({ ...wm, stripeSubscriptionItemId: `si_${suffix}`, stripeSubscriptionId: `sub_${suffix}`, stripePriceId: `price_${suffix}`, currentPeriodStart: now, currentPeriodEnd: new Date(now.getTime() + 30 * DAY) });
}

describe("resolveAccess", () => {
  it("a grant gives access without any payment and stops at its end date", async () => {
    const t = await setup();
    expect((await resolveAccess(db, { tenantId: t.tenant.id, userId: t.member.id })).entitlements).toEqual([]);
    const endsAt = new Date(Date.now() + 7 * DAY);
    const grant = await grantAccess(db, { ...t.actor, userId: t.member.id, entitlementSetId: t.recordings.id, reason: "Speaker", endsAt });
    expect(grant).not.toBeNull();
    const now = await resolveAccess(db, { tenantId: t.tenant.id, userId: t.member.id });
    expect(now.entitlements.map((e) => [e.setName, e.sources.map((s) => s.type)])).toEqual([["Workshop recordings", ["grant"]]]);
    expect(now.features.has("recordings")).toBe(true);
    const later = await resolveAccess(db, { tenantId: t.tenant.id, userId: t.member.id, now: new Date(endsAt.getTime() + 1000) });
    expect(later.entitlements).toEqual([]);
  });

  it("revoking a grant removes the access", async () => {
    const t = await setup();
    const grant = await grantAccess(db, { ...t.actor, userId: t.member.id, entitlementSetId: t.memberArea.id, reason: "Board member", endsAt: null });
    expect((await resolveAccess(db, { tenantId: t.tenant.id, userId: t.member.id })).features.has("member-area")).toBe(true);
    expect(await revokeAccess(db, { ...t.actor, grantId: grant!.id })).not.toBeNull();
    expect((await resolveAccess(db, { tenantId: t.tenant.id, userId: t.member.id })).entitlements).toEqual([]);
    expect(await revokeAccess(db, { ...t.actor, grantId: grant!.id })).toBeNull();
  });

  it("unions active/trialing subscriptions with grants, listing every source; canceled subscriptions give nothing", async () => {
    const t = await setup();
    await subscribe(t, { status: "active", setId: t.memberArea.id, suffix: `a${t.tenant.id.slice(0, 6)}` });
    await subscribe(t, { status: "canceled", setId: t.recordings.id, suffix: `c${t.tenant.id.slice(0, 6)}` });
    await grantAccess(db, { ...t.actor, userId: t.member.id, entitlementSetId: t.memberArea.id, reason: "Comp", endsAt: null });
    await grantAccess(db, { ...t.actor, userId: t.member.id, entitlementSetId: t.recordings.id, reason: "Speaker", endsAt: null });
    const access = await resolveAccess(db, { tenantId: t.tenant.id, userId: t.member.id });
    expect(access.entitlements.map((e) => [e.setName, e.sources.map((s) => s.type).sort()])).toEqual([
      ["Member area", ["grant", "subscription"]],
      ["Workshop recordings", ["grant"]],
    ]);
    expect([...access.features].sort()).toEqual(["member-area", "recordings"]);
    expect((await resolveAccess(db, { tenantId: t.tenant.id, userId: t.admin.id })).entitlements).toEqual([]);
  });

  it("a trialing subscription entitles; another tenant's member or set cannot be granted", async () => {
    const t = await setup();
    await subscribe(t, { status: "trialing", setId: t.recordings.id, suffix: `t${t.tenant.id.slice(0, 6)}` });
    expect((await resolveAccess(db, { tenantId: t.tenant.id, userId: t.member.id })).features.has("recordings")).toBe(true);
    const other = await setup();
    expect(await grantAccess(db, { ...t.actor, userId: other.member.id, entitlementSetId: t.memberArea.id, reason: "x", endsAt: null })).toBeNull();
    expect(await grantAccess(db, { ...t.actor, userId: t.member.id, entitlementSetId: other.memberArea.id, reason: "x", endsAt: null })).toBeNull();
    expect((await resolveAccess(db, { tenantId: other.tenant.id, userId: t.member.id })).entitlements).toEqual([]);
  });
});

describe("resolveAccessForTenant (member lists)", () => {
  it("gives every member exactly what resolveAccess gives them, and nothing for members without access", async () => {
    const t = await setup();
    await subscribe(t, { status: "active", setId: t.memberArea.id, suffix: `b${t.tenant.id.slice(0, 6)}` });
    await grantAccess(db, { ...t.actor, userId: t.member.id, entitlementSetId: t.memberArea.id, reason: "Comp", endsAt: null });
    await grantAccess(db, { ...t.actor, userId: t.member.id, entitlementSetId: t.recordings.id, reason: "Speaker", endsAt: null });
    const other = await setup();
    await grantAccess(db, { ...other.actor, userId: other.member.id, entitlementSetId: other.recordings.id, reason: "Elsewhere", endsAt: null });

    const all = await resolveAccessForTenant(db, { tenantId: t.tenant.id });
    expect([...all.keys()]).toEqual([t.member.id]);
    expect(all.get(t.member.id)).toEqual(await resolveAccess(db, { tenantId: t.tenant.id, userId: t.member.id }));
    expect(all.get(t.member.id)?.entitlements.map((e) => e.setName)).toEqual(["Member area", "Workshop recordings"]);

    // One page of a list: only the members asked about, with the same access; none asked, none read.
    const page = await resolveAccessForTenant(db, { tenantId: t.tenant.id, userIds: [t.member.id, t.admin.id] });
    expect(page).toEqual(all);
    expect((await resolveAccessForTenant(db, { tenantId: t.tenant.id, userIds: [t.admin.id] })).size).toBe(0);
    expect((await resolveAccessForTenant(db, { tenantId: t.tenant.id, userIds: [] })).size).toBe(0);
    // Another tenant's member id finds nothing here.
    expect((await resolveAccessForTenant(db, { tenantId: t.tenant.id, userIds: [other.member.id] })).size).toBe(0);
  });
});
