"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { createApiKey, createApiKeySchema, revokeTenantApiKey } from "@/lib/api-keys/manage-api-keys";

export type NewApiKey = { token: string; prefix: string };

const common = { permission: "api_keys.manage", name: "api_keys.action" } as const;

/** The full key goes back to the browser exactly once, in this response; only its hash is kept. */
export const createKeyAction = defineAction({ ...common, schema: createApiKeySchema, labels: { name: "Name", role: "Role" } }, async (input, { db, actor }): Promise<ActionResult<NewApiKey>> => {
  const key = await createApiKey(db, actor, input);
  revalidatePath(`/${actor.tenantSlug}/settings/api-keys`);
  return { ok: true, data: { token: key.token, prefix: key.prefix }, message: `Key “${input.name}” created.` };
});

export const revokeKeyAction = defineAction({ ...common, schema: z.object({ keyId: z.string() }) }, async ({ keyId }, { db, actor }) => {
  const revoked = await revokeTenantApiKey(db, actor, keyId);
  if (!revoked) return { error: "That key does not exist or was already revoked." };
  revalidatePath(`/${actor.tenantSlug}/settings/api-keys`);
  return { ok: true, message: "Key revoked. Requests using it now get 401." };
});
