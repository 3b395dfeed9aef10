import "server-only";
import type { Db } from "@/db/client";
import { getMailTenant, findTenantMember } from "@/db/queries/mail-recipients";
import { listOptOuts, optIn, optOut } from "@/db/queries/notice-preferences";
import { OPTIONAL_NOTICES, readResubscribeToken, readUnsubscribeToken, resubscribeToken, type OptionalNotice } from "./notice-preferences";

export type NoticeSetting = { notice: OptionalNotice; label: string; description: string; enabled: boolean };

const NOTICES = Object.keys(OPTIONAL_NOTICES) as OptionalNotice[];

/** The member's optional notices and whether each is on (the default). */
export async function loadNoticeSettings(db: Db, who: { tenantId: string; userId: string }): Promise<NoticeSetting[]> {
  const off = new Set(await listOptOuts(db, who));
  return NOTICES.map((notice) => ({ notice, ...OPTIONAL_NOTICES[notice], enabled: !off.has(notice) }));
}

/** Saves the profile page's checkboxes: every optional notice not ticked is turned off. */
export async function saveNoticeSettings(db: Db, who: { tenantId: string; userId: string }, enabled: ReadonlySet<string>) {
  await db.transaction(async (tx) => {
    for (const notice of NOTICES) {
      if (enabled.has(notice)) await optIn(tx, { ...who, notice });
      else await optOut(tx, { ...who, notice, source: "settings" });
    }
  });
}

export type UnsubscribeOutcome = { ok: true; tenantName: string; label: string; undoToken: string } | { ok: false };

/**
 * The signed link of an optional mail (notice-preferences.ts): turns that one notice off for that
 * member, signed in or not. A forged or altered token, or a member who has since left the
 * tenant, changes nothing. Idempotent: a second click (or a mail client's one-click POST) is fine.
 */
export async function unsubscribeWithToken(db: Db, token: string): Promise<UnsubscribeOutcome> {
  const claim = readUnsubscribeToken(token);
  if (!claim) return { ok: false };
  const member = await findTenantMember(db, { tenantId: claim.tenantId, userId: claim.userId });
  const tenant = member && (await getMailTenant(db, { tenantId: claim.tenantId }));
  if (!member || !tenant) return { ok: false };
  await optOut(db, { ...claim, source: "unsubscribe_link" });
  return { ok: true, tenantName: tenant.name, label: OPTIONAL_NOTICES[claim.notice].label, undoToken: resubscribeToken(claim) };
}

/**
 * "Undo" on the page after unsubscribing: the signed undo token (resubscribeToken) turns that one
 * notice back on for that member. Idempotent; a forged token or a member who left changes nothing.
 */
export async function resubscribeWithToken(db: Db, token: string): Promise<{ ok: true; tenantName: string; label: string } | { ok: false }> {
  const claim = readResubscribeToken(token);
  if (!claim) return { ok: false };
  const member = await findTenantMember(db, { tenantId: claim.tenantId, userId: claim.userId });
  const tenant = member && (await getMailTenant(db, { tenantId: claim.tenantId }));
  if (!member || !tenant) return { ok: false };
  await optIn(db, claim);
  return { ok: true, tenantName: tenant.name, label: OPTIONAL_NOTICES[claim.notice].label };
}

/** What the page after unsubscribing shows beside "Undo". */
export async function describeResubscribe(db: Db, token: string): Promise<{ tenantName: string; label: string } | null> {
  const claim = readResubscribeToken(token);
  if (!claim) return null;
  const tenant = await getMailTenant(db, { tenantId: claim.tenantId });
  return tenant ? { tenantName: tenant.name, label: OPTIONAL_NOTICES[claim.notice].label } : null;
}

/** What the unsubscribe page shows before the click (nothing changes on a GET: link scanners open links). */
export async function describeUnsubscribe(db: Db, token: string): Promise<{ tenantName: string; label: string } | null> {
  const claim = readUnsubscribeToken(token);
  if (!claim) return null;
  const tenant = await getMailTenant(db, { tenantId: claim.tenantId });
  return tenant ? { tenantName: tenant.name, label: OPTIONAL_NOTICES[claim.notice].label } : null;
}
