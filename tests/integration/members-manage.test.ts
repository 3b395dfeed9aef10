// @requires-postgres: two admins changing roles in concurrent transactions (row locks).
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { getMembership } from "@/db/queries/memberships";
import { getUserById } from "@/db/queries/users";
import { createApiKey } from "@/lib/api-keys/manage-api-keys";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { changeMemberRole, removeMember } from "@/lib/members/manage-membership";
import { createTestTenant, useTestDb } from "../helpers/db";

let db: Db;
beforeAll(async () => {
  db = (await useTestDb()).db;
});

describe("changing roles and removing members", () => {
  it("a promoted member becomes an admin; the last admin cannot be demoted or removed", async () => {
    const t = await createTestTenant(db, "roles");
    const actor = { tenantId: t.tenant.id, actorUserId: t.admin.id };
    expect(await changeMemberRole(db, { ...actor, userId: t.admin.id, role: "ROLE_MEMBER" })).toEqual({ ok: false, error: expect.stringMatching(/at least one admin/) });
    expect(await removeMember(db, { ...actor, userId: t.admin.id })).toMatchObject({ ok: false });
    expect(await changeMemberRole(db, { ...actor, userId: t.member.id, role: "ROLE_CLIENT_ADMIN" })).toEqual({ ok: true });
    expect((await getMembership(db, { tenantId: t.tenant.id, userId: t.member.id }))?.role).toBe("ROLE_CLIENT_ADMIN");
    // Now there are two: one may step down.
    expect(await changeMemberRole(db, { ...actor, userId: t.admin.id, role: "ROLE_MEMBER" })).toEqual({ ok: true });
    const audit = await db.select().from(auditLog).where(eq(auditLog.tenantId, t.tenant.id));
    expect(audit.map((a) => [a.action, a.fields])).toEqual([
      ["member.role_changed", ["role"]],
      ["member.role_changed", ["role"]],
    ]);
  });

  it("two admins demoting each other at the same moment leave one admin, not none", async () => {
    const t = await createTestTenant(db, "race");
    await changeMemberRole(db, { tenantId: t.tenant.id, actorUserId: t.admin.id, userId: t.member.id, role: "ROLE_CLIENT_ADMIN" });
    const results = await Promise.all([
      changeMemberRole(db, { tenantId: t.tenant.id, actorUserId: t.admin.id, userId: t.member.id, role: "ROLE_MEMBER" }),
      changeMemberRole(db, { tenantId: t.tenant.id, actorUserId: t.member.id, userId: t.admin.id, role: "ROLE_MEMBER" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const roles = await Promise.all([t.admin.id, t.member.id].map(async (userId) => (await getMembership(db, { tenantId: t.tenant.id, userId }))?.role));
    expect(roles.filter((r) => r === "ROLE_CLIENT_ADMIN")).toHaveLength(1);
  });

  it("removing someone ends all their sessions and their API keys' access; their membership is gone", async () => {
    const t = await createTestTenant(db, "remove");
    await changeMemberRole(db, { tenantId: t.tenant.id, actorUserId: t.admin.id, userId: t.member.id, role: "ROLE_CLIENT_ADMIN" });
    const key = await createApiKey(db, { tenantId: t.tenant.id, userId: t.member.id }, { name: "theirs", role: "ROLE_CLIENT_ADMIN" });
    const before = (await getUserById(db, { userId: t.member.id }))!.sessionVersion;
    expect(await removeMember(db, { tenantId: t.tenant.id, actorUserId: t.admin.id, userId: t.member.id })).toEqual({ ok: true });
    expect((await getUserById(db, { userId: t.member.id }))!.sessionVersion).toBe(before + 1);
    expect(await getMembership(db, { tenantId: t.tenant.id, userId: t.member.id })).toBeUndefined();
    expect(await authenticateApiKey(db, key.token)).toBeNull();
    expect(await removeMember(db, { tenantId: t.tenant.id, actorUserId: t.admin.id, userId: t.member.id })).toMatchObject({ ok: false });
  });
});
