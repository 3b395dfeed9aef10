"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { adminInvoiceSchema, createAdminInvoice, MAX_LINES, voidAdminInvoice } from "@/lib/invoices/create-admin-invoice";

const common = { permission: "invoices.manage", name: "invoice.action" } as const;

/** The form's numbered line inputs as a list; fully blank rows are the spare ones left empty. */
function invoiceFields(form: FormData) {
  const lines = Array.from({ length: MAX_LINES }, (_, i) => ({ description: String(form.get(`line-${i}-description`) ?? ""), amount: String(form.get(`line-${i}-amount`) ?? "") })).filter(
    (l) => l.description.trim() || l.amount.trim(),
  );
  return { memberId: form.get("memberId") ?? "", currency: form.get("currency") ?? "usd", daysUntilDue: form.get("daysUntilDue") ?? "", memo: form.get("memo") ?? "", lines };
}

export const createInvoiceAction = defineAction(
  { ...common, schema: adminInvoiceSchema, form: invoiceFields, labels: { memberId: "Member", daysUntilDue: "Due in", lines: "Lines" } },
  async (input, { db, actor }) => {
    await createAdminInvoice(db, actor, input);
    revalidatePath(`/${actor.tenantSlug}/admin/invoices`);
    redirect(`/${actor.tenantSlug}/admin/invoices?created=1`);
  },
);

export const voidInvoiceAction = defineAction({ ...common, schema: z.object({ invoiceId: z.string().regex(/^in_[A-Za-z0-9]+$/) }) }, async ({ invoiceId }, { db, actor }) => {
  await voidAdminInvoice(db, actor, invoiceId);
  revalidatePath(`/${actor.tenantSlug}/admin/invoices`);
  return { ok: true, message: "Voided. The list updates once Stripe confirms." };
});
