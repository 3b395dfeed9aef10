import type { Db } from "@/db/client";
import { listMemberStripeCustomers } from "@/db/queries/member-stripe-customers";
import { listMembersPage, type MemberSort } from "@/db/queries/member-list";
import { listFlaggedReferrals } from "@/db/queries/referrals";
import { resolveAccessForTenant } from "@/lib/access/resolve-access";
import { resolveActiveMode } from "@/lib/stripe-connection/resolve";
import { listPendingInvites } from "./manage-invites";

/**
 * The admin members list: each member with their Stripe customer in the active mode and the names
 * of the entitlement sets they hold (the portal's access rule, for the page's members at once), plus
 * the referrals the guard flagged and the invitations nobody has accepted yet.
 */
const PAGE_SIZE = 25;

function decodeCursor(cursor: string | undefined): { key: string; userId: string } | undefined {
  if (!cursor) return undefined;
  const [key, userId] = Buffer.from(cursor, "base64url").toString("utf8").split("\u0000");
  // A cursor edited by hand starts over at the first page.
  return key && userId ? { key, userId } : undefined;
}

export type MembersQuery = { q?: string; sort?: MemberSort; cursor?: string };

export async function loadMembersView(db: Db, { tenantId, q, sort = "email", cursor }: { tenantId: string } & MembersQuery) {
  const [members, mode, flagged, invites] = await Promise.all([
    listMembersPage(db, { tenantId, search: q, sort, after: decodeCursor(cursor), limit: PAGE_SIZE + 1 }),
    resolveActiveMode(db, { tenantId }),
    listFlaggedReferrals(db, { tenantId }),
    listPendingInvites(db, { tenantId }),
  ]);
  const page = members.slice(0, PAGE_SIZE);
  // Customers and access for this page's members only (a tenant can have thousands).
  const userIds = page.map((m) => m.userId);
  const [customers, access] = await Promise.all([listMemberStripeCustomers(db, { tenantId, mode, userIds }), resolveAccessForTenant(db, { tenantId, userIds })]);
  const last = page[page.length - 1];
  const nextCursor = members.length > PAGE_SIZE && last ? Buffer.from(`${last.key}\u0000${last.userId}`, "utf8").toString("base64url") : null;
  const invited = new Set(invites.map((i) => i.userId));
  const customerOf = new Map(customers.map((c) => [c.userId, c.stripeCustomerId]));
  return {
    mode,
    flagged,
    invites,
    nextCursor,
    members: page.map((m) => ({
      ...m,
      invited: invited.has(m.userId),
      stripeCustomerId: customerOf.get(m.userId) ?? null,
      access: access.get(m.userId)?.entitlements.map((e) => e.setName) ?? [],
    })),
  };
}
