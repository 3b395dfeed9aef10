import type { Db } from "@/db";
import { listActiveGrantSets } from "@/db/queries/access-grants";
import { listSubscriptionEntitlementSets } from "@/db/queries/subscription-entitlements";

export type AccessSource =
  | { type: "subscription"; stripeSubscriptionId: string; productName: string; status: string; currentPeriodEnd: Date | null; mode: string }
  | { type: "grant"; grantId: string; endsAt: Date | null };

export type Entitlement = { setId: string; setName: string; featureKeys: string[]; sources: AccessSource[] };

export type MemberAccess = {
  entitlements: Entitlement[];
  /** Union of every feature key, for `features.has("member-area")` checks. */
  features: Set<string>;
};

type SubscriptionSetRow = Awaited<ReturnType<typeof listSubscriptionEntitlementSets>>[number];
type GrantSetRow = Awaited<ReturnType<typeof listActiveGrantSets>>[number];

/**
 * THE access rule (seed 001), used by every page and API: a member's entitlements are the
 * entitlement sets of their active or trialing subscriptions ∪ their active grants, each set
 * listed once with every source that confers it.
 */
export async function resolveAccess(db: Db, { tenantId, userId, now = new Date() }: { tenantId: string; userId: string; now?: Date }): Promise<MemberAccess> {
  const [subs, grants] = await Promise.all([listSubscriptionEntitlementSets(db, { tenantId, userId }), listActiveGrantSets(db, { tenantId, userId, now })]);
  return accessFrom(subs, grants);
}

/**
 * The same rule for many members of a tenant at once (member lists): the same two reads for every
 * member, or for `userIds` only (one page of a list), grouped by member. Members with no access are
 * absent from the map.
 */
export async function resolveAccessForTenant(db: Db, { tenantId, userIds, now = new Date() }: { tenantId: string; userIds?: readonly string[]; now?: Date }): Promise<Map<string, MemberAccess>> {
  if (userIds?.length === 0) return new Map();
  const [subs, grants] = await Promise.all([listSubscriptionEntitlementSets(db, { tenantId, userIds }), listActiveGrantSets(db, { tenantId, userIds, now })]);
  const holders = new Set([...subs.map((s) => s.userId), ...grants.map((g) => g.userId)]);
  return new Map(
    [...holders].map((userId) => [
      userId,
      accessFrom(
        subs.filter((s) => s.userId === userId),
        grants.filter((g) => g.userId === userId),
      ),
    ]),
  );
}

function accessFrom(subs: SubscriptionSetRow[], grants: GrantSetRow[]): MemberAccess {
  const bySet = new Map<string, Entitlement>();
  const entry = (setId: string, setName: string, featureKeys: string[]) => {
    let e = bySet.get(setId);
    if (!e) {
      e = { setId, setName, featureKeys, sources: [] };
      bySet.set(setId, e);
    }
    return e;
  };
  const seenSubs = new Set<string>();
  for (const s of subs) {
    // One subscription can reach the same set through several items; list it once.
    const key = `${s.setId}:${s.stripeSubscriptionId}`;
    if (seenSubs.has(key)) continue;
    seenSubs.add(key);
    entry(s.setId, s.setName, s.featureKeys).sources.push({
      type: "subscription",
      stripeSubscriptionId: s.stripeSubscriptionId,
      productName: s.productName,
      status: s.status,
      currentPeriodEnd: s.currentPeriodEnd,
      mode: s.mode,
    });
  }
  for (const g of grants) entry(g.setId, g.setName, g.featureKeys).sources.push({ type: "grant", grantId: g.grantId, endsAt: g.endsAt });
  const entitlements = [...bySet.values()].sort((a, b) => a.setName.localeCompare(b.setName));
  return { entitlements, features: new Set(entitlements.flatMap((e) => e.featureKeys)) };
}
