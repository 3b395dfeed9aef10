import type { Db } from "@/db";
import { recordAudit } from "@/db/queries/audit-log";
import { insertEntitlementSet } from "@/db/queries/entitlement-sets";
import type { EntitlementSetFormInput } from "./catalog-input";

/** The set and its audit entry in one transaction: a set never exists without a record of who made it. */
export async function createEntitlementSet(db: Db, { tenantId, actorUserId, input }: { tenantId: string; actorUserId: string; input: EntitlementSetFormInput }) {
  return db.transaction(async (tx) => {
    const set = await insertEntitlementSet(tx, { tenantId, ...input });
    await recordAudit(tx, { tenantId, actorUserId, action: "catalog.entitlement_set_created", target: set.id, fields: ["name", "feature_keys"] });
    return set;
  });
}
