import "server-only";
import type { Db } from "@/db";
import type { StripeMode } from "@/db/schema";
import { recordAudit } from "@/db/queries/audit-log";
import { getActiveStripeMode, setActiveStripeMode } from "@/db/queries/stripe-settings";
import { resolveStripeCredentials } from "./resolve";
import type { SettingsActor, SettingsResult } from "./settings-result";

/**
 * Switches the mode the tenant's portal takes payments in. The other mode's keys stay stored.
 * Live mode needs live keys whose last connection test passed: real money must not depend on a typo.
 */
export async function switchStripeMode(db: Db, actor: SettingsActor, { mode }: { mode: StripeMode }): Promise<SettingsResult> {
  if (mode === "live") {
    const creds = await resolveStripeCredentials(db, { tenantId: actor.tenantId, mode: "live" });
    if (!creds.secretKey || !creds.publishableKey) {
      return { ok: false, error: "Live mode needs a live publishable key and secret key. Save them, test the connection, then switch." };
    }
    if (creds.row?.healthStatus !== "connected") {
      return { ok: false, error: "Test the live connection first: live mode can only be activated once it shows Connected." };
    }
  }
  const previous = await getActiveStripeMode(db, { tenantId: actor.tenantId });
  if (previous === mode) return { ok: true, message: `Already in ${mode} mode.` };
  await db.transaction(async (tx) => {
    await setActiveStripeMode(tx, { tenantId: actor.tenantId, mode });
    await recordAudit(tx, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "stripe.mode_switched", target: `${previous ?? "default"} → ${mode}`, fields: ["active_mode"], requestId: actor.requestId });
  });
  return { ok: true, message: mode === "live" ? "Live mode is on: members now pay with real cards." : "Test mode is on: payments use Stripe's test cards." };
}
