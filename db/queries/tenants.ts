import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { tenants, type NewTenant, type Tenant } from "../schema";

export async function getTenantBySlug(db: Db, { slug }: { slug: string }): Promise<Tenant | undefined> {
  const [row] = await db.select().from(tenants).where(eq(tenants.slug, slug)).limit(1);
  return row;
}

export async function getTenantById(db: Db, { tenantId }: { tenantId: string }): Promise<Tenant | undefined> {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  return row;
}

export async function createTenant(db: Db, values: NewTenant): Promise<Tenant> {
  const [row] = await db.insert(tenants).values(values).returning();
  if (!row) throw new Error("tenant insert returned nothing");
  return row;
}
