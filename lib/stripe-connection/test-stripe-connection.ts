import "server-only";
import type { Db } from "@/db";
import type { StripeMode } from "@/db/schema";
import { recordAudit } from "@/db/queries/audit-log";
import { forgetStripeAccountLinks } from "@/db/queries/stripe-account-links";
import { getStripeSettings, recordStripeHealth } from "@/db/queries/stripe-settings";
import { checkStripeConnection } from "@/lib/stripe/check-connection";
import { StripeNotConfiguredError } from "@/lib/stripe/errors";
import { requestBackfill } from "@/lib/backfill/request-backfill";
import { resolveStripeCredentials } from "./resolve";
import { alertStripeDisconnected } from "./stripe-disconnected-alert";
import { nudgeMailRelay } from "@/lib/jobs/runtime";
import type { SettingsActor, SettingsResult } from "./settings-result";

const LABELS = { connected: "Connected", invalid_key: "Invalid key", unreachable: "Stripe unreachable", mode_mismatch: "Mode mismatch" } as const;

/** "Test connection" for one mode, with whichever keys apply (the tenant's or the platform's); the outcome is stored with its time. */
export async function testStripeConnection(db: Db, actor: SettingsActor, { mode }: { mode: StripeMode }): Promise<SettingsResult> {
  let secretKey: string | null;
  let stripeAccount: string | undefined;
  try {
    const creds = await resolveStripeCredentials(db, { tenantId: actor.tenantId, mode });
    secretKey = creds.secretKey;
    stripeAccount = "stripeAccount" in creds ? creds.stripeAccount : undefined;
  } catch (error) {
    if (error instanceof StripeNotConfiguredError) return { ok: false, error: error.message };
    throw error;
  }
  if (!secretKey) return { ok: false, error: `There is no secret key for ${mode} mode yet. Save one first.` };

  const check = await checkStripeConnection({ secretKey, mode, ...(stripeAccount ? { stripeAccount } : {}) });
  const previousAccountId = (await getStripeSettings(db, { tenantId: actor.tenantId, mode }))?.linkedAccountId ?? null;
  const accountChanged = !!check.account && !!previousAccountId && previousAccountId !== check.account.id;
  const alerted = await db.transaction(async (tx) => {
    if (accountChanged) {
      // Customer and catalog ids of the old account mean nothing in the new one.
      await forgetStripeAccountLinks(tx, { tenantId: actor.tenantId, mode });
      await recordAudit(tx, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "stripe.account_changed", target: `${mode} mode`, requestId: actor.requestId });
    }
    await recordStripeHealth(tx, {
      tenantId: actor.tenantId,
      mode,
      health: {
        status: check.status,
        message: check.message,
        checkedAt: check.checkedAt,
        // Keep the last known account on a transient failure; clear it when the key itself is bad.
        ...(check.account
          ? { accountId: check.account.id, linkedAccountId: check.account.id, accountName: check.account.name, chargesEnabled: check.account.chargesEnabled, payoutsEnabled: check.account.payoutsEnabled }
          : check.status === "unreachable"
            ? {}
            : { accountId: null, accountName: null, chargesEnabled: null, payoutsEnabled: null }),
      },
    });
    await recordAudit(tx, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "stripe.connection_tested", target: `${mode} mode: ${LABELS[check.status]}${check.missingPermissions ? `, ${check.missingPermissions.length} permissions missing` : ""}`, requestId: actor.requestId });
    // The key itself refused (revoked, rolled, restricted away): the admins hear it by mail too.
    return check.status === "invalid_key" && alertStripeDisconnected(tx, { tenantId: actor.tenantId, mode }, "on a connection test");
  });
  if (alerted) await nudgeMailRelay();
  // A newly connected account (first success, or another account than before): import what it
  // already holds. Best effort: without a job queue in this process the page offers the button.
  const imported = check.account && (!previousAccountId || accountChanged) ? await requestBackfill(db, { tenantId: actor.tenantId, mode }) : null;
  if (check.status !== "connected") return { ok: false, error: check.message };
  if (check.missingPermissions) return { ok: false, error: `The restricted key lacks ${check.missingPermissions.length} of the permissions the portal needs (listed above).` };
  return {
    ok: true,
    message: accountChanged
      ? `${check.message} This is a different Stripe account than before: sync the catalog again (Catalog > Sync all); members' customers will be created in the new account on their next payment.`
      : `${check.message}${imported?.ok ? " Importing the account's existing data (see Existing data)." : ""}`,
  };
}
