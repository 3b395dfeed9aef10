import type { Db } from "@/db/client";
import { findReferrerByCode } from "@/db/queries/referrals";
import { findTenantToJoin } from "./join-tenant";

/** A referral code as links carry it: 1–32 letters and digits, any case; anything else is no code. */
function normaliseReferralCode(raw: string | undefined): string | null {
  return typeof raw === "string" && /^[A-Za-z0-9]{1,32}$/.test(raw.trim()) ? raw.trim().toUpperCase() : null;
}

/**
 * The public join page: the tenant, and whether the `?ref=` code belongs to one of its members
 * (a code from another portal is not valid here). Undefined when there is no such tenant.
 */
export async function loadJoinView(db: Db, { slug, ref: raw }: { slug: string; ref: string | undefined }) {
  const tenant = await findTenantToJoin(db, { slug });
  if (!tenant) return undefined;
  const ref = normaliseReferralCode(raw);
  const valid = ref ? (await findReferrerByCode(db, { tenantId: tenant.id, code: ref })) !== null : false;
  return { tenant, ref, valid };
}
