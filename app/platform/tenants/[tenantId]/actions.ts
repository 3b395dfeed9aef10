"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { TenantStatus } from "@/db/schema";
import { definePublicAction } from "@/lib/actions/define-action";
import type { ActionResult } from "@/lib/actions/action-result";
import { requirePlatformAdmin } from "@/lib/platform/require-operator";
import { changeTenantStatus, statusReasonSchema } from "@/lib/platform/tenant-status";
import type { Db } from "@/db/client";

// Operator actions are not tenant-scoped (no slug): the public contract validates and maps errors,
// and the body checks the operator role first, on the server, before anything else.
const schema = z.object({ tenantId: z.uuid("No such organisation."), reason: statusReasonSchema });
const options = { schema, name: "platform.tenant_status", labels: { reason: "Reason" } };

async function setStatus(db: Db, { tenantId, reason }: z.output<typeof schema>, status: TenantStatus): Promise<ActionResult> {
  const operator = await requirePlatformAdmin();
  const result = await changeTenantStatus(db, { tenantId, actorUserId: operator.id, status, reason });
  revalidatePath(`/platform/tenants/${tenantId}`);
  if (!result.ok) return { error: result.error };
  if (!result.changed) return { ok: true, message: status === "suspended" ? "It was already suspended." : "It was already active." };
  return { ok: true, message: status === "suspended" ? "Suspended. New payments are refused from now on." : "Reactivated. The organisation takes payments again." };
}

export const suspendTenantAction = definePublicAction(options, async (input, { db }) => setStatus(db, input, "suspended"));

export const reactivateTenantAction = definePublicAction(options, async (input, { db }) => setStatus(db, input, "active"));
