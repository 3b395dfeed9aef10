"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { ApiError } from "@/lib/api/errors";
import { requireTenant } from "@/lib/auth/session";
import type { ActionState } from "@/lib/forms/action-state";
import { logger } from "@/lib/log";
import { removeCard, setDefaultCard, startCardSetup } from "@/lib/payment-methods/manage-payment-methods";

export type SetupResult = { ok: true; clientSecret: string } | { ok: false; error: string };

const cardInput = z.object({ slug: z.string().min(1).max(100), paymentMethodId: z.string().regex(/^pm_\w+$/) });

async function memberFor(slug: string) {
  const { tenant, user } = await requireTenant(slug, "payments.pay");
  return { tenantId: tenant.id, userId: user.id, slug: tenant.slug };
}

function failure(error: unknown, event: string): { ok: false; error: string } {
  if (error instanceof ApiError) return { ok: false, error: error.message };
  logger.error(event, { error });
  return { ok: false, error: "Something went wrong on our side. Try again in a moment." };
}

/** A SetupIntent for the Payment Element; the browser confirms it with Stripe.js. */
export async function startAddCard(raw: { slug: string }): Promise<SetupResult> {
  const parsed = z.object({ slug: z.string().min(1).max(100) }).safeParse(raw);
  if (!parsed.success) return { ok: false, error: "Unknown portal." };
  const member = await memberFor(parsed.data.slug);
  try {
    return { ok: true, ...(await startCardSetup(await getDb(), member)) };
  } catch (error) {
    return failure(error, "payment_methods.setup_failed");
  }
}

export async function makeDefaultCard(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = cardInput.safeParse({ slug: form.get("slug"), paymentMethodId: form.get("paymentMethodId") });
  if (!parsed.success) return { error: "No such saved card." };
  const member = await memberFor(parsed.data.slug);
  try {
    await setDefaultCard(await getDb(), member, parsed.data.paymentMethodId);
  } catch (error) {
    return failure(error, "payment_methods.default_failed");
  }
  revalidatePath(`/${member.slug}/billing/payment-methods`);
  return { ok: true, message: "Default card updated." };
}

export async function removeSavedCard(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = cardInput.safeParse({ slug: form.get("slug"), paymentMethodId: form.get("paymentMethodId") });
  if (!parsed.success) return { error: "No such saved card." };
  const member = await memberFor(parsed.data.slug);
  try {
    await removeCard(await getDb(), member, parsed.data.paymentMethodId);
  } catch (error) {
    return failure(error, "payment_methods.remove_failed");
  }
  return { ok: true, message: "Card removed. It will disappear from this list in a moment." };
}
