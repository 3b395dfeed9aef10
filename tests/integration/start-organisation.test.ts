import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, tenants, tenantStatusChanges } from "@/db/schema";
import { listMembershipsForUser } from "@/db/queries/memberships";
import { getTenantBySlug } from "@/db/queries/tenants";
import { getUserByEmail } from "@/db/queries/users";
import { resolveTenantAccess } from "@/lib/auth/tenant-access";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { organisationSchema, startOrganisation } from "@/lib/tenants/start-organisation";
import { createTestTenant, useTestDb } from "../helpers/db";

let db: Db;
beforeAll(async () => {
  db = (await useTestDb()).db;
});

let n = 0;
function unique(label: string) {
  n += 1;
  const suffix = `${Date.now().toString(36)}${n}`;
  return { slug: `${label}-${suffix}`, email: `founder-${suffix}@${label}.test` };
}
const PASSWORD = "a long enough password";

describe("starting an organisation", () => {
  it("creates the tenant, its first admin, the first status line and an audit entry; the founder can sign in", async () => {
    const u = unique("org");
    const result = await startOrganisation(db, {
      organisation: organisationSchema.parse({ organisationName: "Northside Rowing", slug: u.slug }),
      founder: { kind: "new", name: "Nora", email: u.email, password: PASSWORD },
    });
    expect(result).toMatchObject({ ok: true, tenant: { slug: u.slug } });
    const tenant = await getTenantBySlug(db, { slug: u.slug });
    expect(tenant).toMatchObject({ name: "Northside Rowing", status: "active" });
    const founder = await getUserByEmail(db, { email: u.email });
    expect(await resolveTenantAccess(db, { slug: u.slug, userId: founder!.id, permission: "members.manage" })).toMatchObject({ ok: true, role: "ROLE_CLIENT_ADMIN" });
    expect(await verifyCredentials(db, { email: u.email, password: PASSWORD, address: "test" })).toMatchObject({ ok: true });
    const history = await db.select().from(tenantStatusChanges).where(eq(tenantStatusChanges.tenantId, tenant!.id));
    expect(history).toEqual([expect.objectContaining({ status: "active", reason: "Signed up", actorUserId: null })]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.tenantId, tenant!.id));
    expect(audit).toEqual([expect.objectContaining({ action: "organisation.created", actorUserId: founder!.id, fields: ["name", "slug"] })]);
  });

  it("refuses a taken slug and leaves no account behind", async () => {
    const existing = await createTestTenant(db, "taken");
    const u = unique("taken");
    const result = await startOrganisation(db, {
      organisation: { organisationName: "Copycat", slug: existing.tenant.slug },
      founder: { kind: "new", name: "Cat", email: u.email, password: PASSWORD },
    });
    expect(result).toEqual({ ok: false, field: "slug", error: expect.stringMatching(/taken/) });
    expect(await getUserByEmail(db, { email: u.email })).toBeUndefined();
  });

  it("refuses an e-mail that already has an account (no takeover from a public form) and creates no tenant", async () => {
    const existing = await createTestTenant(db, "mail");
    const u = unique("mail");
    const result = await startOrganisation(db, {
      organisation: { organisationName: "Hijack", slug: u.slug },
      founder: { kind: "new", name: "Eve", email: existing.admin.email, password: PASSWORD },
    });
    expect(result).toEqual({ ok: false, field: "email", error: expect.stringMatching(/already exists/) });
    expect(await getTenantBySlug(db, { slug: u.slug })).toBeUndefined();
    expect(await verifyCredentials(db, { email: existing.admin.email, password: PASSWORD, address: "test" })).toMatchObject({ ok: false });
  });

  it("a signed-in person starts a second organisation with their own account", async () => {
    const existing = await createTestTenant(db, "second");
    const u = unique("second");
    const result = await startOrganisation(db, { organisation: { organisationName: "Second club", slug: u.slug }, founder: { kind: "existing", userId: existing.member.id } });
    expect(result.ok).toBe(true);
    const portals = await listMembershipsForUser(db, { userId: existing.member.id });
    expect(portals.map((p) => [p.tenant.slug, p.role]).sort()).toEqual(
      [
        [existing.tenant.slug, "ROLE_MEMBER"],
        [u.slug, "ROLE_CLIENT_ADMIN"],
      ].sort(),
    );
  });

  it("two sign-ups racing for one slug: one organisation, the other told the address is taken", async () => {
    const u = unique("race");
    const other = unique("race2");
    const results = await Promise.all(
      [u.email, other.email].map((email) =>
        startOrganisation(db, { organisation: { organisationName: "Race", slug: u.slug }, founder: { kind: "new", name: "R", email, password: PASSWORD } }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ field: "slug" });
    expect(await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, u.slug))).toHaveLength(1);
    const loser = results[0]!.ok ? other.email : u.email;
    expect(await getUserByEmail(db, { email: loser })).toBeUndefined();
  });

  it.each([
    [{ organisationName: "X", slug: "fine-slug" }, /at least 2/],
    [{ organisationName: "Fine", slug: "platform" }, /reserved/],
    [{ organisationName: "Fine", slug: "Bad Slug" }, /lowercase letters/],
  ])("validates %j", (input, message) => {
    const parsed = organisationSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.success ? "" : parsed.error.issues.map((i) => i.message).join(" ")).toMatch(message);
  });
});
