"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db";
import { requireTenant } from "@/lib/auth/session";
import { createWebhookEndpoint } from "@/lib/stripe/create-webhook-endpoint";
import { removeStripeValue, saveStripeKeys } from "@/lib/stripe/save-stripe-keys";
import type { Actor, SettingsResult } from "@/lib/stripe/settings-result";
import { switchStripeMode } from "@/lib/stripe/switch-stripe-mode";
import { testStripeConnection } from "@/lib/stripe/test-stripe-connection";
import type { ActionState } from "@/lib/forms/action-state";
import { requestReconciliation } from "@/lib/reconcile/request-reconciliation";

// Bound arguments come back from the browser like any other input: validate them too.
const slugSchema = z.string().min(1).max(100);
const modeSchema = z.enum(["test", "live"]);
const fieldSchema = z.enum(["publishableKey", "secretKey", "webhookSecret"]);

async function actorFor(slug: unknown): Promise<{ actor: Actor; slug: string }> {
  const parsedSlug = slugSchema.parse(slug);
  const { tenant, user } = await requireTenant(parsedSlug, "settings.stripe.manage");
  return { slug: tenant.slug, actor: { tenantId: tenant.id, actorUserId: user.id, requestId: (await headers()).get("x-request-id") } };
}

function done(slug: string, result: SettingsResult): SettingsResult {
  if (result.ok || result.existingEndpointId) revalidatePath(`/${slug}/settings/integrations`, "layout");
  return result;
}

const invalid: SettingsResult = { ok: false, error: "That request was not valid. Reload the page and try again." };

export async function saveKeysAction(slug: string, mode: string, _prev: SettingsResult, form: FormData): Promise<SettingsResult> {
  const ctx = await actorFor(slug);
  const m = modeSchema.safeParse(mode);
  if (!m.success) return invalid;
  const input = { publishableKey: form.get("publishableKey"), secretKey: form.get("secretKey"), webhookSecret: form.get("webhookSecret") };
  return done(ctx.slug, await saveStripeKeys(await getDb(), ctx.actor, { mode: m.data, input }));
}

export async function removeValueAction(slug: string, mode: string, field: string): Promise<SettingsResult> {
  const ctx = await actorFor(slug);
  const m = modeSchema.safeParse(mode);
  const f = fieldSchema.safeParse(field);
  if (!m.success || !f.success) return invalid;
  return done(ctx.slug, await removeStripeValue(await getDb(), ctx.actor, { mode: m.data, field: f.data }));
}

export async function switchModeAction(slug: string, _prev: SettingsResult, form: FormData): Promise<SettingsResult> {
  const ctx = await actorFor(slug);
  const m = modeSchema.safeParse(form.get("mode"));
  if (!m.success) return invalid;
  return done(ctx.slug, await switchStripeMode(await getDb(), ctx.actor, { mode: m.data }));
}

export async function testConnectionAction(slug: string, mode: string): Promise<SettingsResult> {
  const ctx = await actorFor(slug);
  const m = modeSchema.safeParse(mode);
  if (!m.success) return invalid;
  const result = await testStripeConnection(await getDb(), ctx.actor, { mode: m.data });
  // A failed check is still news for the badge: always refresh.
  revalidatePath(`/${ctx.slug}/settings/integrations`, "layout");
  return result;
}

export async function createWebhookEndpointAction(slug: string, mode: string, _prev: SettingsResult, form: FormData): Promise<SettingsResult> {
  const ctx = await actorFor(slug);
  const m = modeSchema.safeParse(mode);
  if (!m.success) return invalid;
  const replace = form.get("replace") === "1";
  return done(ctx.slug, await createWebhookEndpoint(await getDb(), ctx.actor, { mode: m.data, replace }));
}

/** "Reconcile now": queues a run of the events-list reconciliation for this mode. */
export async function reconcileNowAction(slug: string, mode: string): Promise<ActionState> {
  const ctx = await actorFor(slug);
  const m = modeSchema.safeParse(mode);
  if (!m.success) return { error: invalid.error };
  const result = await requestReconciliation({ tenantId: ctx.actor.tenantId, mode: m.data });
  return result.ok ? { ok: true, message: result.message } : { error: result.error };
}
