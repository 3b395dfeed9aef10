import { ActionForm } from "@/components/forms/action-form";
import { TextField } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/action-result";
import { BILLING_COUNTRIES } from "@/lib/tax/countries";

type Address = { country: string; postalCode: string; line1: string | null };

/**
 * Where the member is billed from: Stripe Tax needs at least the country and postal code. Saved to
 * the member's Stripe customer; the page then shows the tax it brings.
 */
export function BillingAddressForm({
  action,
  address,
  submitLabel = "Save billing address",
}: {
  action: (prev: ActionResult, form: FormData) => Promise<ActionResult>;
  address: Address | null;
  submitLabel?: string;
}) {
  return (
    <ActionForm action={action} submitLabel={submitLabel} pendingLabel="Saving…" className="space-y-4" testId="billing-address-form">
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block text-sm font-medium text-slate-800">
          Country
          <select
            name="country"
            defaultValue={address?.country ?? ""}
            required
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            <option value="" disabled>
              Choose…
            </option>
            {BILLING_COUNTRIES.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <TextField label="Postal code" name="postalCode" autoComplete="postal-code" defaultValue={address?.postalCode ?? ""} required maxLength={20} />
      </div>
      <TextField label="Street address (optional)" name="line1" autoComplete="address-line1" defaultValue={address?.line1 ?? ""} maxLength={200} />
    </ActionForm>
  );
}
