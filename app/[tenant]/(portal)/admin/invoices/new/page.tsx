import type { Metadata } from "next";
import { ActionForm } from "@/components/forms/action-form";
import { TextField } from "@/components/ui/field";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requireTenant } from "@/lib/auth/session";
import { MAX_LINES } from "@/lib/invoices/create-admin-invoice";
import { listMembers } from "@/lib/members/member-directory";
import { createInvoiceAction } from "../actions";

export const metadata: Metadata = { title: "New invoice" };

export default async function NewInvoicePage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await requireTenant((await params).tenant, "invoices.manage");
  const members = await listMembers(await getDb(), { tenantId: tenant.id });
  return (
    <>
      <PageHeader title="New invoice" description="Stripe emails it in live mode; the member can also pay it in the portal under Invoices." />
      <Card className="max-w-2xl">
        <ActionForm action={createInvoiceAction.bind(null, { slug: tenant.slug })} submitLabel="Finalize and send" pendingLabel="Sending…" className="space-y-4" testId="new-invoice-form">
          <label className="block text-sm font-medium text-slate-800">
            Member
            <select name="memberId" required className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
              {members.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name ? `${m.name} <${m.email}>` : m.email}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-800">Lines (USD)</legend>
            {Array.from({ length: MAX_LINES }, (_, i) => (
              <div key={i} className="grid grid-cols-[1fr_8rem] gap-2">
                <TextField label={`Line ${i + 1} description`} name={`line-${i}-description`} maxLength={200} required={i === 0} />
                <TextField label={`Line ${i + 1} amount`} name={`line-${i}-amount`} inputMode="decimal" placeholder="25.00" required={i === 0} />
              </div>
            ))}
          </fieldset>
          <input type="hidden" name="currency" value="usd" />
          <TextField label="Due in (days)" name="daysUntilDue" type="number" min={1} max={90} defaultValue={14} required />
          <TextField label="Memo (shown on the invoice)" name="memo" maxLength={500} />
        </ActionForm>
      </Card>
    </>
  );
}
