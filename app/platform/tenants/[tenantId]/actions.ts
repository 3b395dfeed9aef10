"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import type { TenantStatus } from "@/db/schema";
import { zodMessage, type ActionState } from "@/lib/forms/action-state";
import { requirePlatformAdmin } from "@/lib/platform/require-operator";
import { changeTenantStatus, statusReasonSchema } from "@/lib/platform/tenant-status";

async function setStatus(tenantId: string, status: TenantStatus, form: FormData): Promise<ActionState> {
  const operator = await requirePlatformAdmin();
  const id = z.uuid().safeParse(tenantId);
  if (!id.success) return { error: "No such organisation." };
  const reason = statusReasonSchema.safeParse(form.get("reason") ?? "");
  if (!reason.success) return { error: zodMessage(reason.error) };
  const result = await changeTenantStatus(await getDb(), { tenantId: id.data, actorUserId: operator.id, status, reason: reason.data });
  revalidatePath(`/platform/tenants/${id.data}`);
  if (!result.ok) return { error: result.error };
  if (!result.changed) return { ok: true, message: status === "suspended" ? "It was already suspended." : "It was already active." };
  return { ok: true, message: status === "suspended" ? "Suspended. New payments are refused from now on." : "Reactivated. The organisation takes payments again." };
}

export async function suspendTenantAction(tenantId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  return setStatus(tenantId, "suspended", form);
}

export async function reactivateTenantAction(tenantId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  return setStatus(tenantId, "active", form);
}
