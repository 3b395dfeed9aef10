import { z } from "zod";
import type { Db } from "@/db/client";
import { roleEnum, type Role } from "@/db/schema";
import { recordAudit } from "@/db/queries/audit-log";
import { insertApiKey, revokeApiKey } from "@/db/queries/api-keys";
import { generateApiKeyToken } from "./api-key-token";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { isUuid } from "@/lib/ids";

type Actor = Pick<TenantActor, "tenantId" | "userId">;

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "Give the key a name.").max(80, "At most 80 characters."),
  role: z.enum(roleEnum.enumValues, { error: "Choose a role." }),
});

/** Returns the token once; only its hash and prefix are stored. */
export async function createApiKey(db: Db, actor: Actor, input: { name: string; role: Role }) {
  const { token, prefix, tokenHash } = generateApiKeyToken();
  return db.transaction(async (tx) => {
    const row = await insertApiKey(tx, { tenantId: actor.tenantId, name: input.name, role: input.role, prefix, tokenHash, createdBy: actor.userId });
    await recordAudit(tx, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "api_key.created", target: row.id, fields: ["name", "role"] });
    return { id: row.id, prefix, token };
  });
}

export async function revokeTenantApiKey(db: Db, actor: Actor, keyId: string): Promise<boolean> {
  if (!isUuid(keyId)) return false;
  return db.transaction(async (tx) => {
    const row = await revokeApiKey(tx, { tenantId: actor.tenantId, keyId });
    if (row) await recordAudit(tx, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "api_key.revoked", target: row.id });
    return !!row;
  });
}
