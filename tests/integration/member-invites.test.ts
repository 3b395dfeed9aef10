import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { getMembership } from "@/db/queries/memberships";
import { acceptInvite, inviteMember, lookupInvite } from "@/lib/members/invite-member";
import { listPendingInvites, resendInvite, revokeInvite } from "@/lib/members/manage-invites";
import { removeMember } from "@/lib/members/manage-membership";
import { createTestTenant, useTestDb } from "../helpers/db";

let db: Db;
beforeAll(async () => {
  db = (await useTestDb()).db;
});

async function invite(t: Awaited<ReturnType<typeof createTestTenant>>, local: string) {
  const result = await inviteMember(db, { tenantId: t.tenant.id, actorUserId: t.admin.id, email: `${local}-${t.tenant.slug}@invites.test`, name: local });
  if (!result.ok || !result.token) throw new Error("invite failed");
  const pending = await listPendingInvites(db, { tenantId: t.tenant.id });
  const userId = pending.find((p) => p.email === result.email)!.userId;
  return { token: result.token, email: result.email, userId };
}

describe("pending invitations", () => {
  it("are listed with their expiry until accepted", async () => {
    const t = await createTestTenant(db, "pending");
    const before = Date.now();
    const i = await invite(t, "ivy");
    const [row] = await listPendingInvites(db, { tenantId: t.tenant.id });
    expect(row).toMatchObject({ email: i.email, name: "ivy", expired: false });
    expect(row!.expiresAt.getTime() - before).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    // A week later it is listed as expired (the page offers a fresh link).
    expect((await listPendingInvites(db, { tenantId: t.tenant.id, now: new Date(before + 8 * 24 * 3600 * 1000) }))[0]).toMatchObject({ expired: true });
    await acceptInvite(db, { token: i.token, password: "a good new password" });
    expect(await listPendingInvites(db, { tenantId: t.tenant.id })).toEqual([]);
  });

  it("a fresh link works and the old one stops working; both audited", async () => {
    const t = await createTestTenant(db, "resend");
    const i = await invite(t, "rex");
    const resent = await resendInvite(db, { tenantId: t.tenant.id, actorUserId: t.admin.id, userId: i.userId });
    expect(resent).toMatchObject({ ok: true, email: i.email });
    expect(await lookupInvite(db, i.token)).toBeUndefined();
    expect(await lookupInvite(db, resent.ok ? resent.token : "")).toMatchObject({ email: i.email });
    expect(await listPendingInvites(db, { tenantId: t.tenant.id })).toHaveLength(1);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.tenantId, t.tenant.id))).map((a) => a.action);
    expect(actions).toEqual(["member.invited", "member.invite_resent"]);
  });

  it("withdrawing kills every link and takes the person off the member list", async () => {
    const t = await createTestTenant(db, "revoke");
    const i = await invite(t, "wyn");
    expect(await revokeInvite(db, { tenantId: t.tenant.id, actorUserId: t.admin.id, userId: i.userId })).toEqual({ ok: true, email: i.email });
    expect(await getMembership(db, { tenantId: t.tenant.id, userId: i.userId })).toBeUndefined();
    expect(await lookupInvite(db, i.token)).toBeUndefined();
    expect(await acceptInvite(db, { token: i.token, password: "a good new password" })).toBeNull();
    expect(await revokeInvite(db, { tenantId: t.tenant.id, actorUserId: t.admin.id, userId: i.userId })).toMatchObject({ ok: false });
    expect(await resendInvite(db, { tenantId: t.tenant.id, actorUserId: t.admin.id, userId: i.userId })).toMatchObject({ ok: false });
    const actions = (await db.select().from(auditLog).where(eq(auditLog.tenantId, t.tenant.id))).map((a) => a.action);
    expect(actions).toEqual(["member.invited", "member.invite_revoked"]);
  });

  it("someone who accepted cannot be re-invited by link or withdrawn as an invitation", async () => {
    const t = await createTestTenant(db, "accepted");
    const i = await invite(t, "ada");
    await acceptInvite(db, { token: i.token, password: "a good new password" });
    expect(await resendInvite(db, { tenantId: t.tenant.id, actorUserId: t.admin.id, userId: i.userId })).toMatchObject({ ok: false, error: expect.stringMatching(/already accepted/) });
    expect(await revokeInvite(db, { tenantId: t.tenant.id, actorUserId: t.admin.id, userId: i.userId })).toMatchObject({ ok: false, error: expect.stringMatching(/already accepted/) });
    expect(await getMembership(db, { tenantId: t.tenant.id, userId: i.userId })).toBeDefined();
  });

  it("removing an invited member also kills their link", async () => {
    const t = await createTestTenant(db, "rminv");
    const i = await invite(t, "rob");
    expect(await removeMember(db, { tenantId: t.tenant.id, actorUserId: t.admin.id, userId: i.userId })).toEqual({ ok: true });
    expect(await lookupInvite(db, i.token)).toBeUndefined();
  });

  it("an invite from another tenant cannot be resent or withdrawn here", async () => {
    const a = await createTestTenant(db, "inva");
    const b = await createTestTenant(db, "invb");
    const i = await invite(a, "cross");
    expect(await resendInvite(db, { tenantId: b.tenant.id, actorUserId: b.admin.id, userId: i.userId })).toMatchObject({ ok: false });
    expect(await revokeInvite(db, { tenantId: b.tenant.id, actorUserId: b.admin.id, userId: i.userId })).toMatchObject({ ok: false });
    expect(await lookupInvite(db, i.token)).toMatchObject({ email: i.email });
  });
});
