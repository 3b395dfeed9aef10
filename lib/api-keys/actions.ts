"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { requireTenant } from "@/lib/auth/session";
import { createApiKey, createApiKeySchema, revokeTenantApiKey } from "@/lib/api-keys/manage-api-keys";
import { zodMessage, type ActionState } from "@/lib/forms/action-state";

export type CreateKeyState = ActionState & { fieldErrors?: { name?: string; role?: string }; token?: string; prefix?: string };

const slugSchema = z.string().min(1).max(100);

async function adminFor(raw: FormDataEntryValue | null) {
  const slug = slugSchema.parse(raw);
  const { tenant, user } = await requireTenant(slug, "api_keys.manage");
  return { tenantId: tenant.id, userId: user.id, slug: tenant.slug };
}

/** The full key goes back to the browser exactly once, in this response; only its hash is kept. */
export async function createKeyAction(_prev: CreateKeyState, form: FormData): Promise<CreateKeyState> {
  const actor = await adminFor(form.get("slug"));
  const parsed = createApiKeySchema.safeParse({ name: form.get("name"), role: form.get("role") });
  if (!parsed.success) {
    const flat = z.flattenError(parsed.error).fieldErrors;
    return { error: zodMessage(parsed.error, { name: "Name", role: "Role" }), fieldErrors: { name: flat.name?.[0], role: flat.role?.[0] } };
  }
  const key = await createApiKey(await getDb(), actor, parsed.data);
  revalidatePath(`/${actor.slug}/settings/api-keys`);
  return { ok: true, token: key.token, prefix: key.prefix, message: `Key “${parsed.data.name}” created.` };
}

export async function revokeKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const actor = await adminFor(form.get("slug"));
  const keyId = z.string().parse(form.get("keyId"));
  const revoked = await revokeTenantApiKey(await getDb(), actor, keyId);
  if (!revoked) return { error: "That key does not exist or was already revoked." };
  revalidatePath(`/${actor.slug}/settings/api-keys`);
  return { ok: true, message: "Key revoked. Requests using it now get 401." };
}
