"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { adminInvoiceSchema, createAdminInvoice, markAdminInvoiceUncollectible, previewAdminInvoice, voidAdminInvoice, type InvoicePreview } from "@/lib/invoices/create-admin-invoice";

const common = { permission: "invoices.manage", name: "invoice.action" } as const;
const labels = { memberId: "Member", daysUntilDue: "Due in", lines: "Lines", currency: "Currency" };
const invoiceId = z.object({ invoiceId: z.string().regex(/^in_[A-Za-z0-9]+$/) });

/** The builder's preview step: the server prices the lines (catalog amounts), nothing is sent. */
export const previewInvoiceAction = defineAction<typeof adminInvoiceSchema, InvoicePreview>({ ...common, schema: adminInvoiceSchema, labels }, async (input, { db, actor }) => ({
  ok: true,
  data: await previewAdminInvoice(db, actor, input),
}));

export const createInvoiceAction = defineAction({ ...common, schema: adminInvoiceSchema, labels }, async (input, { db, actor }) => {
  await createAdminInvoice(db, actor, input);
  revalidatePath(`/${actor.tenantSlug}/admin/invoices`);
  redirect(`/${actor.tenantSlug}/admin/invoices?created=1`);
});

export const voidInvoiceAction = defineAction({ ...common, schema: invoiceId }, async ({ invoiceId }, { db, actor }) => {
  await voidAdminInvoice(db, actor, invoiceId);
  revalidatePath(`/${actor.tenantSlug}/admin/invoices`);
  return { ok: true, message: "Voided. The list updates once Stripe confirms." };
});

export const markUncollectibleAction = defineAction({ ...common, schema: invoiceId }, async ({ invoiceId }, { db, actor }) => {
  await markAdminInvoiceUncollectible(db, actor, invoiceId);
  revalidatePath(`/${actor.tenantSlug}/admin/invoices`);
  return { ok: true, message: "Marked uncollectible. The list updates once Stripe confirms." };
});
