import postgres from "postgres";
import { e2eDatabaseUrl } from "./e2e-env";

const SET_NAME = "Studio access (a11y sample)";

/**
 * The demo tenant `acme` is seeded with people only, so its catalog and audit log are empty and an
 * audit of them would check empty states. This adds a product with an entitlement set (so the
 * product page has checkboxes) and a few audit entries with long targets (the phone cards must wrap
 * them). Idempotent, so both accessibility specs can call it in any order.
 */
export async function addAcmeSamples() {
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    const [acme] = await sql<{ id: string }[]>`select id from tenants where slug = 'acme'`;
    const [admin] = await sql<{ id: string }[]>`select id from users where email = 'admin@acme.test'`;
    if (!acme || !admin) throw new Error("acme demo tenant not seeded");
    const [existing] = await sql`select 1 from entitlement_sets where tenant_id = ${acme.id} and name = ${SET_NAME}`;
    if (existing) return;
    const [set] = await sql<{ id: string }[]>`insert into entitlement_sets (tenant_id, name, feature_keys) values (${acme.id}, ${SET_NAME}, ${sql.json(["studio"])}) returning id`;
    const [product] = await sql<{ id: string }[]>`insert into catalog_products (tenant_id, kind, name, description) values (${acme.id}, 'membership_plan', 'Studio membership', 'All classes, all studios.') returning id`;
    await sql`insert into product_entitlement_sets (tenant_id, product_id, entitlement_set_id) values (${acme.id}, ${product!.id}, ${set!.id})`;
    for (const [action, target, fields] of [
      ["catalog.product_created", `product:${product!.id}`, ["name", "kind", "description"]],
      ["stripe.keys_saved", "mode:test", ["secretKey", "publishableKey", "webhookSecret"]],
      ["members.role_changed", `user:${admin.id}`, ["role"]],
    ] as const) {
      await sql`insert into audit_log (tenant_id, actor_user_id, action, target, fields) values (${acme.id}, ${admin.id}, ${action}, ${target}, ${sql.json([...fields])})`;
    }
  } finally {
    await sql.end();
  }
}
