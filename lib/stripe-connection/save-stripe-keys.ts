import "server-only";
import type { Db } from "@/db";
import type { StripeMode } from "@/db/schema";
import { recordAudit } from "@/db/queries/audit-log";
import { getStripeSettings, upsertStripeSettings, type StripeSettingsPatch } from "@/db/queries/stripe-settings";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { maskSecret } from "@/lib/crypto/mask";
import type { SettingsActor, SettingsResult } from "./settings-result";
import { validateStripeKeys, type StripeKeyField } from "./validate-keys";
import { forgetWebhookSecrets } from "./webhook-secret-cache";

const COLUMN_NAMES: Record<StripeKeyField, string> = { publishableKey: "publishable_key", secretKey: "secret_key", webhookSecret: "webhook_secret" };

/** A new secret key may belong to another account: forget what the last check found about the old one. */
const RESET_HEALTH: StripeSettingsPatch = {
  healthStatus: null,
  healthMessage: null,
  healthCheckedAt: null,
  accountId: null,
  accountName: null,
  chargesEnabled: null,
  payoutsEnabled: null,
};

/**
 * Saves the keys an admin typed for one mode. Empty fields keep the stored value; invalid input
 * stores nothing and answers per-field messages. Secrets are encrypted before they reach the query layer.
 */
export async function saveStripeKeys(db: Db, actor: SettingsActor, { mode, input }: { mode: StripeMode; input: Record<string, unknown> }): Promise<SettingsResult> {
  const validated = validateStripeKeys(mode, input);
  if (!validated.ok) return { ok: false, error: "Some keys need fixing before they can be saved.", fieldErrors: validated.fieldErrors };
  const { publishableKey, secretKey, webhookSecret } = validated.values;
  const changed = (Object.keys(validated.values) as StripeKeyField[]).filter((k) => validated.values[k]);
  if (changed.length === 0) return { ok: false, error: "Nothing to save: fill in at least one field. Empty fields keep their stored value." };

  const existing = await getStripeSettings(db, { tenantId: actor.tenantId, mode });
  if (existing?.connectAccountId) {
    return { ok: false, error: `${mode === "live" ? "Live" : "Test"} mode is connected with Stripe Connect, which needs no keys. Disconnect it first to use keys instead.` };
  }
  const patch: StripeSettingsPatch = {
    ...(secretKey ? { disconnectedAt: null } : {}),
    ...(publishableKey ? { publishableKey } : {}),
    ...(secretKey ? { secretKeyEnc: encryptSecret(secretKey), secretKeyHint: maskSecret(secretKey), ...RESET_HEALTH } : {}),
    ...(webhookSecret ? { webhookSecretEnc: encryptSecret(webhookSecret), webhookSecretHint: maskSecret(webhookSecret) } : {}),
  };
  await db.transaction(async (tx) => {
    await upsertStripeSettings(tx, { tenantId: actor.tenantId, mode, patch });
    await recordAudit(tx, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "stripe.keys_saved", target: `${mode} mode`, fields: changed.map((f) => COLUMN_NAMES[f]), requestId: actor.requestId });
  });
  forgetWebhookSecrets(actor.tenantId);
  return { ok: true, message: `Saved ${changed.map((f) => COLUMN_NAMES[f].replace("_", " ")).join(", ")} for ${mode} mode.${secretKey ? " Test the connection to check the new key." : ""}` };
}

/** "Remove": clears one stored value for one mode (the environment's default, if any, applies again). */
export async function removeStripeValue(db: Db, actor: SettingsActor, { mode, field }: { mode: StripeMode; field: StripeKeyField }): Promise<SettingsResult> {
  const patch: StripeSettingsPatch =
    field === "publishableKey"
      ? { publishableKey: null }
      : field === "secretKey"
        ? { secretKeyEnc: null, secretKeyHint: null, ...RESET_HEALTH }
        : { webhookSecretEnc: null, webhookSecretHint: null };
  await db.transaction(async (tx) => {
    await upsertStripeSettings(tx, { tenantId: actor.tenantId, mode, patch });
    await recordAudit(tx, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "stripe.value_removed", target: `${mode} mode`, fields: [COLUMN_NAMES[field]], requestId: actor.requestId });
  });
  forgetWebhookSecrets(actor.tenantId);
  return { ok: true, message: `Removed the ${COLUMN_NAMES[field].replace("_", " ")} for ${mode} mode.` };
}
