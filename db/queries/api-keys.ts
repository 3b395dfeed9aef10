import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../client";
import { apiKeys, users, type Role } from "../schema";

export async function insertApiKey(db: Db, input: { tenantId: string; name: string; prefix: string; tokenHash: string; role: Role; createdBy: string }) {
  const [row] = await db.insert(apiKeys).values(input).returning({ id: apiKeys.id, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt });
  if (!row) throw new Error("api key insert returned nothing");
  return row;
}

/** Never selects the hash: the list page has no use for it. */
export async function listApiKeys(db: Db, { tenantId }: { tenantId: string }) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      role: apiKeys.role,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      createdByEmail: users.email,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.tenantId, tenantId))
    .orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(db: Db, { tenantId, keyId }: { tenantId: string; keyId: string }) {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, name: apiKeys.name });
  return row;
}

/** Lookup by hash is the one query not scoped by tenant: the key is what names the tenant. */
export async function findActiveApiKeyByHash(db: Db, { tokenHash }: { tokenHash: string }) {
  const [row] = await db
    .select({ id: apiKeys.id, tenantId: apiKeys.tenantId, role: apiKeys.role, createdBy: apiKeys.createdBy, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.tokenHash, tokenHash), isNull(apiKeys.revokedAt)))
    .limit(1);
  return row;
}

/** At most one write a minute per key: "last used" does not need to cost a write per request. */
export async function touchApiKey(db: Db, { tenantId, keyId, now = new Date() }: { tenantId: string; keyId: string; now?: Date }) {
  const minuteAgo = new Date(now.getTime() - 60_000);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, minuteAgo))));
}
