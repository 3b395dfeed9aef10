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
    await addRevenueSamples(sql, acme.id);
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

/**
 * A little test-mode revenue for acme, so the audit checks the Reports page and the overview with
 * charts and tables rather than their empty states: two subscriptions in two currencies (one
 * upgraded last month), two payments and a refund. Written straight into the projections the
 * webhooks would fill; idempotent.
 */
async function addRevenueSamples(sql: postgres.Sql, tenantId: string) {
  const [existing] = await sql`select 1 from subscription_mrr_snapshots where tenant_id = ${tenantId} and stripe_event_id = 'evt_a11y_1'`;
  if (existing) return;
  const day = 86_400_000;
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day);
  const snapshots = [
    ["evt_a11y_1", "sub_a11y_usd", 70, 2900, "usd", "prod_a11y_basic"],
    ["evt_a11y_2", "sub_a11y_usd", 35, 5900, "usd", "prod_a11y_premium"],
    ["evt_a11y_3", "sub_a11y_eur", 50, 3900, "eur", "prod_a11y_berlin"],
  ] as const;
  for (const [eventId, sub, daysAgo, amount, currency, product] of snapshots) {
    await sql`insert into subscription_mrr_snapshots (tenant_id, mode, stripe_subscription_id, stripe_customer_id, stripe_event_id, effective_at, status, currency, monthly_amount, stripe_product_id, stripe_price_id)
      values (${tenantId}, 'test', ${sub}, 'cus_a11y', ${eventId}, ${at(daysAgo)}, 'active', ${currency}, ${amount}, ${product}, ${`price_${eventId}`})`;
  }
  for (const [pi, daysAgo, amount, currency] of [["pi_a11y_1", 70, 2900, "usd"], ["pi_a11y_2", 35, 3000, "usd"], ["pi_a11y_3", 50, 3900, "eur"]] as const) {
    await sql`insert into payments (tenant_id, mode, last_event_created, last_event_id, stripe_payment_intent_id, status, amount, amount_received, currency, stripe_created)
      values (${tenantId}, 'test', 1, 'evt_a11y', ${pi}, 'succeeded', ${amount}, ${amount}, ${currency}, ${at(daysAgo)})`;
  }
  await sql`insert into refunds (tenant_id, mode, last_event_created, last_event_id, stripe_refund_id, stripe_payment_intent_id, status, amount, currency, stripe_created)
    values (${tenantId}, 'test', 1, 'evt_a11y', 're_a11y_1', 'pi_a11y_2', 'succeeded', 1000, 'usd', ${at(20)})`;
}
