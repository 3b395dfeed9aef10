import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { listAudit } from "@/db/queries/audit-log";
import { listEntitlementSets } from "@/db/queries/entitlement-sets";
import { createEntitlementSet } from "@/lib/catalog/create-entitlement-set";
import { createTestTenant, useTestDb } from "../helpers/db";

let db: Db;
beforeAll(async () => {
  db = (await useTestDb()).db;
});

const input = { name: "Member area", description: null, featureKeys: ["member-area"] };

describe("createEntitlementSet", () => {
  it("writes the set and its audit entry", async () => {
    const t = await createTestTenant(db, "ent");
    const set = await createEntitlementSet(db, { tenantId: t.tenant.id, actorUserId: t.admin.id, input });
    expect((await listEntitlementSets(db, { tenantId: t.tenant.id })).map((s) => s.id)).toEqual([set.id]);
    const [entry] = await listAudit(db, { tenantId: t.tenant.id, limit: 1 });
    expect(entry).toMatchObject({ action: "catalog.entitlement_set_created", target: set.id });
  });

  it("keeps no set when its audit entry cannot be written (one transaction)", async () => {
    const t = await createTestTenant(db, "ent");
    // An actor that is no user breaks the audit row's foreign key, after the set's insert.
    await expect(createEntitlementSet(db, { tenantId: t.tenant.id, actorUserId: randomUUID(), input })).rejects.toThrow();
    expect(await listEntitlementSets(db, { tenantId: t.tenant.id })).toEqual([]);
  });
});
