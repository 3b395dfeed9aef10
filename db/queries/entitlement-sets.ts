import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { entitlementSets } from "../schema";

export async function listEntitlementSets(db: Db, { tenantId }: { tenantId: string }) {
  return db.select().from(entitlementSets).where(eq(entitlementSets.tenantId, tenantId)).orderBy(asc(entitlementSets.name));
}

export async function getEntitlementSet(db: Db, { tenantId, setId }: { tenantId: string; setId: string }) {
  const [row] = await db
    .select()
    .from(entitlementSets)
    .where(and(eq(entitlementSets.tenantId, tenantId), eq(entitlementSets.id, setId)))
    .limit(1);
  return row;
}

export async function insertEntitlementSet(
  db: Db,
  input: { tenantId: string; name: string; description: string | null; featureKeys: string[] },
) {
  const [row] = await db.insert(entitlementSets).values(input).returning();
  if (!row) throw new Error("entitlement set insert returned nothing");
  return row;
}

export async function updateEntitlementSet(
  db: Db,
  { tenantId, setId, ...input }: { tenantId: string; setId: string; name: string; description: string | null; featureKeys: string[] },
) {
  const [row] = await db
    .update(entitlementSets)
    .set(input)
    .where(and(eq(entitlementSets.tenantId, tenantId), eq(entitlementSets.id, setId)))
    .returning();
  return row;
}
