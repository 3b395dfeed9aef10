import "server-only";
import Stripe from "stripe";
import { REQUIRED_PERMISSIONS, type PermissionLevel, type RequiredPermission, type RequiredResource } from "./required-permissions";

/**
 * Checks a restricted key against REQUIRED_PERMISSIONS without changing anything in the account:
 * one cheap read per resource (a one-item list, or a retrieve of an id that cannot exist) and, for
 * Write, a no-op write (an empty update, or an expire, of an id that cannot exist). Stripe checks a
 * key's permissions for the endpoint before it looks for the object, so a key that may call the
 * endpoint gets "No such …" (the probe passes) and one that may not gets 403 (StripePermissionError).
 */
const PROBE_ID = "memberpulse_permission_probe";

type Probe = (stripe: Stripe) => Promise<unknown>;

const PROBES: Record<RequiredResource, { read?: Probe; write: Probe }> = {
  customers: { read: (s) => s.customers.list({ limit: 1 }), write: (s) => s.customers.update(`cus_${PROBE_ID}`, {}) },
  payment_intents: { read: (s) => s.paymentIntents.list({ limit: 1 }), write: (s) => s.paymentIntents.update(`pi_${PROBE_ID}`, {}) },
  setup_intents: { read: (s) => s.setupIntents.list({ limit: 1 }), write: (s) => s.setupIntents.update(`seti_${PROBE_ID}`, {}) },
  payment_methods: { read: (s) => s.paymentMethods.retrieve(`pm_${PROBE_ID}`), write: (s) => s.paymentMethods.update(`pm_${PROBE_ID}`, {}) },
  refunds: { read: (s) => s.refunds.list({ limit: 1 }), write: (s) => s.refunds.update(`re_${PROBE_ID}`, {}) },
  disputes: { read: (s) => s.disputes.list({ limit: 1 }), write: (s) => s.disputes.update(`dp_${PROBE_ID}`, {}) },
  // No upload is a no-op: an empty text file is refused (400) by a key that may upload, 403 otherwise.
  files: { read: (s) => s.files.retrieve(`file_${PROBE_ID}`), write: (s) => s.files.create({ purpose: "dispute_evidence", file: { data: "", name: "probe.txt", type: "text/plain" } }) },
  products: { read: (s) => s.products.list({ limit: 1 }), write: (s) => s.products.update(`prod_${PROBE_ID}`, {}) },
  prices: { read: (s) => s.prices.list({ limit: 1 }), write: (s) => s.prices.update(`price_${PROBE_ID}`, {}) },
  subscriptions: { read: (s) => s.subscriptions.list({ limit: 1 }), write: (s) => s.subscriptions.update(`sub_${PROBE_ID}`, {}) },
  invoices: { read: (s) => s.invoices.list({ limit: 1 }), write: (s) => s.invoices.update(`in_${PROBE_ID}`, {}) },
  checkout_sessions: { read: (s) => s.checkout.sessions.retrieve(`cs_${PROBE_ID}`), write: (s) => s.checkout.sessions.expire(`cs_${PROBE_ID}`) },
  // Stripe has no read of portal sessions; creating one for a customer that cannot exist writes nothing.
  customer_portal: { write: (s) => s.billingPortal.sessions.create({ customer: `cus_${PROBE_ID}` }) },
  // A line of negative amount is refused (400) by a key that may calculate, 403 otherwise; nothing is stored.
  tax_calculations: {
    read: (s) => s.tax.calculations.retrieve(`taxcalc_${PROBE_ID}`),
    write: (s) => s.tax.calculations.create({ currency: "usd", line_items: [{ amount: -1, reference: PROBE_ID }], customer_details: { address: { country: "US" }, address_source: "billing" } }),
  },
  webhook_endpoints: { read: (s) => s.webhookEndpoints.list({ limit: 1 }), write: (s) => s.webhookEndpoints.update(`we_${PROBE_ID}`, {}) },
};

/** True when the key may call the endpoint (it answered, or said the probe's object does not exist). */
async function allowed(probe: Probe, stripe: Stripe): Promise<boolean> {
  try {
    await probe(stripe);
    return true;
  } catch (error) {
    if (error instanceof Stripe.errors.StripePermissionError) return false;
    if (error instanceof Stripe.errors.StripeInvalidRequestError) return true;
    // Outages, rate limits, a rolled key: not an answer about permissions; the caller reports it.
    throw error;
  }
}

/** The level the portal needs but the key lacks, or null when it has it. */
async function missingLevel(permission: RequiredPermission, stripe: Stripe): Promise<PermissionLevel | null> {
  const probes = PROBES[permission.id];
  const [canRead, canWrite] = await Promise.all([probes.read ? allowed(probes.read, stripe) : true, permission.level === "write" ? allowed(probes.write, stripe) : true]);
  if (permission.level === "write" && !canWrite) return "write";
  return canRead ? null : "read";
}

/** Every required permission the key lacks, in REQUIRED_PERMISSIONS order (a few at a time: test mode allows ~25 requests/s). */
export async function probeMissingPermissions(stripe: Stripe): Promise<Array<Pick<RequiredPermission, "id" | "name" | "level">>> {
  const missing: Array<Pick<RequiredPermission, "id" | "name" | "level">> = [];
  const BATCH = 4;
  for (let i = 0; i < REQUIRED_PERMISSIONS.length; i += BATCH) {
    const batch = REQUIRED_PERMISSIONS.slice(i, i + BATCH);
    const levels = await Promise.all(batch.map((p) => missingLevel(p, stripe)));
    batch.forEach((p, j) => {
      const level = levels[j];
      if (level) missing.push({ id: p.id, name: p.name, level });
    });
  }
  return missing;
}
