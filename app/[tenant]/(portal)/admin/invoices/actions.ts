"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { ApiError } from "@/lib/api/errors";
import { requireTenant } from "@/lib/auth/session";
import { zodMessage, type ActionState } from "@/lib/forms/action-state";
import { adminInvoiceSchema, createAdminInvoice, MAX_LINES, voidAdminInvoice } from "@/lib/invoices/create-admin-invoice";
import { logger } from "@/lib/log";

const SLUG = z.string().min(1).max(100);

function failed(error: unknown): ActionState {
  if (error instanceof ApiError) return { error: error.message };
  logger.error("invoice.action_failed", { error });
  return { error: "Something went wrong on our side. Try again." };
}

export async function createInvoiceAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const { tenant, user } = await requireTenant(SLUG.parse(slug), "invoices.manage");
  const lines = Array.from({ length: MAX_LINES }, (_, i) => ({ description: String(form.get(`line-${i}-description`) ?? ""), amount: String(form.get(`line-${i}-amount`) ?? "") })).filter(
    (l) => l.description.trim() || l.amount.trim(),
  );
  const parsed = adminInvoiceSchema.safeParse({ memberId: form.get("memberId") ?? "", currency: form.get("currency") ?? "usd", daysUntilDue: form.get("daysUntilDue") ?? "", memo: form.get("memo") ?? "", lines });
  if (!parsed.success) return { error: zodMessage(parsed.error, { memberId: "Member", daysUntilDue: "Due in", lines: "Lines" }) };
  try {
    await createAdminInvoice(await getDb(), { tenantId: tenant.id, userId: user.id }, parsed.data);
  } catch (error) {
    return failed(error);
  }
  revalidatePath(`/${tenant.slug}/admin/invoices`);
  redirect(`/${tenant.slug}/admin/invoices?created=1`);
}

export async function voidInvoiceAction(slug: string, invoiceId: string, _prev: ActionState): Promise<ActionState> {
  const { tenant, user } = await requireTenant(SLUG.parse(slug), "invoices.manage");
  try {
    await voidAdminInvoice(await getDb(), { tenantId: tenant.id, userId: user.id }, z.string().regex(/^in_[A-Za-z0-9]+$/).parse(invoiceId));
  } catch (error) {
    return failed(error);
  }
  revalidatePath(`/${tenant.slug}/admin/invoices`);
  return { ok: true, message: "Voided. The list updates once Stripe confirms." };
}
