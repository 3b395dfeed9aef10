import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { removeMembership, setMembershipRole } from "@/db/queries/memberships";
import { resolveTenantAccess } from "@/lib/auth/tenant-access";
import { createTestTenant, useTestDb } from "../helpers/db";

let db: Db;
let acme: Awaited<ReturnType<typeof createTestTenant>>;
let globex: Awaited<ReturnType<typeof createTestTenant>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  acme = await createTestTenant(db, "acme");
  globex = await createTestTenant(db, "globex");
});

describe("resolveTenantAccess", () => {
  it("lets a member view their own tenant", async () => {
    const access = await resolveTenantAccess(db, { slug: acme.tenant.slug, userId: acme.member.id, permission: "portal.view" });
    expect(access).toMatchObject({ ok: true, role: "ROLE_MEMBER", tenant: { id: acme.tenant.id } });
  });

  it("refuses a member the admin area with 403", async () => {
    const access = await resolveTenantAccess(db, { slug: acme.tenant.slug, userId: acme.member.id, permission: "admin.view" });
    expect(access).toEqual({ ok: false, status: 403 });
  });

  it("answers 404 for another tenant, exactly as for an unknown one", async () => {
    const other = await resolveTenantAccess(db, { slug: globex.tenant.slug, userId: acme.admin.id, permission: "portal.view" });
    const unknown = await resolveTenantAccess(db, { slug: "no-such-tenant", userId: acme.admin.id, permission: "portal.view" });
    expect(other).toEqual({ ok: false, status: 404 });
    expect(unknown).toEqual(other);
  });

  it("reads the role from the database on every call, so a demoted admin loses access at once", async () => {
    const t = await createTestTenant(db, "demote");
    expect((await resolveTenantAccess(db, { slug: t.tenant.slug, userId: t.admin.id, permission: "admin.view" })).ok).toBe(true);
    await setMembershipRole(db, { tenantId: t.tenant.id, userId: t.admin.id, role: "ROLE_MEMBER" });
    expect(await resolveTenantAccess(db, { slug: t.tenant.slug, userId: t.admin.id, permission: "admin.view" })).toEqual({ ok: false, status: 403 });
    await removeMembership(db, { tenantId: t.tenant.id, userId: t.admin.id });
    expect(await resolveTenantAccess(db, { slug: t.tenant.slug, userId: t.admin.id, permission: "portal.view" })).toEqual({ ok: false, status: 404 });
  });
});
