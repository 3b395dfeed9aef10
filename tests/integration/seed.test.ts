import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { openDb } from "@/db/client";
import { migrate } from "@/db/migrate";
import { listMembershipsForUser } from "@/db/queries/memberships";
import { getUserByEmail } from "@/db/queries/users";
import { isPlatformAdmin } from "@/db/queries/platform";
import { DEMO_OPERATOR, DEMO_PASSWORD, seedDemoData, SeedRefused } from "@/lib/demo/seed-demo-data";
import { verifyCredentials } from "@/lib/auth/verify-credentials";

let db: Db;

// A private in-memory database: the demo slugs (acme, globex) must not collide with other files.
beforeAll(async () => {
  const handle = await openDb({ dir: "memory://" });
  await migrate(handle);
  db = handle.db;
  return () => handle.close();
});

describe("seedDemoData", () => {
  it("refuses to put well-known passwords into a production database", async () => {
    await expect(seedDemoData(db, { nodeEnv: "production" })).rejects.toBeInstanceOf(SeedRefused);
    expect(await getUserByEmail(db, { email: "admin@acme.test" })).toBeUndefined();
  });

  it("creates acme and globex with an admin and a member each, once", async () => {
    expect(await seedDemoData(db, { nodeEnv: "development" })).toEqual({ created: true });
    expect(await seedDemoData(db, { nodeEnv: "development" })).toEqual({ created: false });
    const admin = await getUserByEmail(db, { email: "admin@acme.test" });
    const memberships = await listMembershipsForUser(db, { userId: admin!.id });
    expect(memberships).toEqual([expect.objectContaining({ role: "ROLE_CLIENT_ADMIN", tenant: expect.objectContaining({ slug: "acme" }) })]);
    expect(await verifyCredentials(db, { email: "member@globex.test", password: DEMO_PASSWORD, address: "x" })).toMatchObject({ ok: true });
  });

  it("seeds one platform operator with no portal of its own; tenant admins are not operators", async () => {
    const operator = await getUserByEmail(db, { email: DEMO_OPERATOR.email });
    expect(await isPlatformAdmin(db, { userId: operator!.id })).toBe(true);
    expect(await listMembershipsForUser(db, { userId: operator!.id })).toEqual([]);
    const admin = await getUserByEmail(db, { email: "admin@acme.test" });
    expect(await isPlatformAdmin(db, { userId: admin!.id })).toBe(false);
  });
});
