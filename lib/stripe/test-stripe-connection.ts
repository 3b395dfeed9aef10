import type { Db } from "@/db";
import type { StripeMode } from "@/db/schema";
import { recordAudit } from "@/db/queries/audit-log";
import { recordStripeHealth } from "@/db/queries/stripe-settings";
import { checkStripeConnection } from "./check-connection";
import { StripeNotConfiguredError } from "./errors";
import { resolveStripeCredentials } from "./resolve";
import type { Actor, SettingsResult } from "./settings-result";

const LABELS = { connected: "Connected", invalid_key: "Invalid key", unreachable: "Stripe unreachable", mode_mismatch: "Mode mismatch" } as const;

/** "Test connection" for one mode, with whichever keys apply (the tenant's or the platform's); the outcome is stored with its time. */
export async function testStripeConnection(db: Db, actor: Actor, { mode }: { mode: StripeMode }): Promise<SettingsResult> {
  let secretKey: string | null;
  try {
    secretKey = (await resolveStripeCredentials(db, { tenantId: actor.tenantId, mode })).secretKey;
  } catch (error) {
    if (error instanceof StripeNotConfiguredError) return { ok: false, error: error.message };
    throw error;
  }
  if (!secretKey) return { ok: false, error: `There is no secret key for ${mode} mode yet. Save one first.` };

  const check = await checkStripeConnection({ secretKey, mode });
  await db.transaction(async (tx) => {
    await recordStripeHealth(tx, {
      tenantId: actor.tenantId,
      mode,
      health: {
        status: check.status,
        message: check.message,
        checkedAt: check.checkedAt,
        // Keep the last known account on a transient failure; clear it when the key itself is bad.
        ...(check.account
          ? { accountId: check.account.id, accountName: check.account.name, chargesEnabled: check.account.chargesEnabled, payoutsEnabled: check.account.payoutsEnabled }
          : check.status === "unreachable"
            ? {}
            : { accountId: null, accountName: null, chargesEnabled: null, payoutsEnabled: null }),
      },
    });
    await recordAudit(tx, { tenantId: actor.tenantId, actorUserId: actor.actorUserId, action: "stripe.connection_tested", target: `${mode} mode: ${LABELS[check.status]}`, requestId: actor.requestId });
  });
  return check.status === "connected" ? { ok: true, message: check.message } : { ok: false, error: check.message };
}
