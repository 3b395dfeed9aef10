import { ActionForm } from "@/components/forms/action-form";
import type { ActionResult } from "@/lib/actions/action-result";

/**
 * The tenant's Stripe Tax switch. Stripe computes and records the tax; the portal only asks for it
 * (automatic_tax, tax calculations) and collects the member's billing address it needs.
 */
export function StripeTaxForm({ action, enabled }: { action: (prev: ActionResult, form: FormData) => Promise<ActionResult>; enabled: boolean }) {
  return (
    <ActionForm action={action} submitLabel="Save tax setting" pendingLabel="Saving…" variant="secondary" className="space-y-4" testId="stripe-tax-form">
      <label className="flex min-h-11 items-start gap-3 text-sm">
        <input type="checkbox" name="taxEnabled" defaultChecked={enabled} className="mt-1 size-4" />
        <span>
          <span className="block font-medium text-slate-900">Collect tax with Stripe Tax</span>
          <span className="block text-slate-600">
            Stripe adds sales tax or VAT on top of your prices, by the member&apos;s billing address, to new subscriptions, invoices and one-time payments.
            Members enter a billing address (country and postal code) before paying, and see the tax in the order summary and on their receipt.
          </span>
        </span>
      </label>
      <p className="text-xs text-slate-500">
        Set up Stripe Tax in your Stripe Dashboard first (Tax &gt; Settings: your business address and where you are registered to collect); Stripe refuses
        taxed charges until it is. Charges already made keep the tax they had.
      </p>
    </ActionForm>
  );
}
