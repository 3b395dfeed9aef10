import type { Db } from "@/db/client";
import { listCreditPackages } from "@/db/queries/credit-packages";
import { getTenantBySlug } from "@/db/queries/tenants";

/**
 * What anyone may see of a tenant's credit packages (GET /api/credit-packages is public): the
 * tenant by its slug and the packages on sale. Undefined when there is no such tenant.
 */
export async function loadPublicCreditPackages(db: Db, { slug }: { slug: string }) {
  const tenant = await getTenantBySlug(db, { slug });
  if (!tenant) return undefined;
  return { tenant, packages: await listCreditPackages(db, { tenantId: tenant.id }) };
}
