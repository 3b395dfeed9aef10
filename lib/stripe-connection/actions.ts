"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { disconnectConnect, startConnect } from "@/lib/stripe-connection/connect";
import { cancelOnboarding, startOnboarding } from "@/lib/stripe-connection/connect-onboarding";
import { createWebhookEndpoint } from "@/lib/stripe-connection/create-webhook-endpoint";
import { removeStripeValue, saveStripeKeys } from "@/lib/stripe-connection/save-stripe-keys";
import type { SettingsResult } from "@/lib/stripe-connection/settings-result";
import { switchStripeMode } from "@/lib/stripe-connection/switch-stripe-mode";
import { testStripeConnection } from "@/lib/stripe-connection/test-stripe-connection";
import { requestReconciliation } from "@/lib/reconcile/request-reconciliation";
import { requestBackfill } from "@/lib/backfill/request-backfill";

/** Create webhook endpoint found one already registered for the URL: the form offers to replace it. */
export type ExistingEndpoint = { existingEndpointId: string };

// Every input here is bound by the page or is a button's value: a bad one means a stale or tampered page.
const common = { permission: "settings.stripe.manage", name: "stripe_settings", invalid: "That request was not valid. Reload the page and try again." } as const;
const mode = z.enum(["test", "live"]);

function refresh(slug: string) {
  revalidatePath(`/${slug}/settings/integrations`, "layout");
}

/** The settings services' result as the form reads it; the page refreshes when something changed. */
function answer(slug: string, { existingEndpointId, ...result }: SettingsResult): ActionResult<ExistingEndpoint> {
  if (result.ok || existingEndpointId) refresh(slug);
  return existingEndpointId ? { ...result, data: { existingEndpointId } } : result;
}

export const saveKeysAction = defineAction(
  { ...common, schema: z.object({ mode, publishableKey: z.unknown().optional(), secretKey: z.unknown().optional(), webhookSecret: z.unknown().optional() }) },
  async ({ mode, ...input }, { db, actor }) => answer(actor.tenantSlug, await saveStripeKeys(db, actor, { mode, input })),
);

export const removeValueAction = defineAction(
  { ...common, schema: z.object({ mode, field: z.enum(["publishableKey", "secretKey", "webhookSecret"]) }) },
  async ({ mode, field }, { db, actor }) => answer(actor.tenantSlug, await removeStripeValue(db, actor, { mode, field })),
);

export const switchModeAction = defineAction({ ...common, schema: z.object({ mode }) }, async ({ mode }, { db, actor }) =>
  answer(actor.tenantSlug, await switchStripeMode(db, actor, { mode })),
);

export const testConnectionAction = defineAction({ ...common, schema: z.object({ mode }) }, async ({ mode }, { db, actor }) => {
  const result = await testStripeConnection(db, actor, { mode });
  // A failed check is still news for the badge: always refresh.
  refresh(actor.tenantSlug);
  return answer(actor.tenantSlug, result);
});

export const createWebhookEndpointAction = defineAction(
  { ...common, schema: z.object({ mode, replace: z.string().optional() }) },
  async ({ mode, replace }, { db, actor }) => answer(actor.tenantSlug, await createWebhookEndpoint(db, actor, { mode, replace: replace === "1" })),
);

/** "Reconcile now": queues a run of the events-list reconciliation for this mode. */
export const reconcileNowAction = defineAction({ ...common, schema: z.object({ mode }) }, async ({ mode }, { actor }) => {
  const result = await requestReconciliation({ tenantId: actor.tenantId, mode });
  return result.ok ? { ok: true, message: result.message } : { error: result.error };
});

/** "Import existing data": queues (or resumes) the import of the account's existing objects for this mode. */
export const importExistingDataAction = defineAction({ ...common, schema: z.object({ mode }) }, async ({ mode }, { db, actor }) => {
  const result = await requestBackfill(db, { tenantId: actor.tenantId, mode });
  if (result.ok) refresh(actor.tenantSlug);
  return result.ok ? { ok: true, message: result.message } : { error: result.error };
});

/** "Connect with Stripe": a single-use state for this admin, tenant and mode, then Stripe's OAuth page. */
export const connectStripeAction = defineAction({ ...common, schema: z.object({ mode }) }, async ({ mode }, { db, actor }): Promise<ActionResult> => {
  const { url } = await startConnect(db, actor, { mode });
  redirect(url);
});

/** "Disconnect": revokes the platform's access to the connected account (audited). */
export const disconnectStripeAction = defineAction({ ...common, schema: z.object({ mode }) }, async ({ mode }, { db, actor }) =>
  answer(actor.tenantSlug, await disconnectConnect(db, actor, { mode })),
);

/** "Create a Stripe account" / "Continue setup": the platform creates (or reuses) the tenant's new account, then Stripe's onboarding form. */
export const createStripeAccountAction = defineAction({ ...common, schema: z.object({ mode }) }, async ({ mode }, { db, actor }): Promise<ActionResult> => {
  const { url } = await startOnboarding(db, actor, { mode });
  redirect(url);
});

/** "Cancel setup": the tenant forgets an account whose onboarding was not completed (audited). */
export const cancelOnboardingAction = defineAction({ ...common, schema: z.object({ mode }) }, async ({ mode }, { db, actor }) =>
  answer(actor.tenantSlug, await cancelOnboarding(db, actor, { mode })),
);
