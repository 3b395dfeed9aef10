import type { ActionResult } from "@/lib/actions/action-result";
import { countryName } from "@/lib/tax/countries";
import { BillingAddressForm } from "./billing-address-form";

type Address = { country: string; postalCode: string; line1: string | null };

/**
 * Tax is on: either the address form (paying waits for it) or where the member is taxed, with a
 * way to correct it (the figures are recalculated when the page reloads).
 */
export function TaxAddressStep({ action, address }: { action: (prev: ActionResult, form: FormData) => Promise<ActionResult>; address: Address | null }) {
  if (!address) {
    return (
      <div className="space-y-3" data-testid="billing-address-step">
        <p className="text-sm text-slate-700">Tax is added by where you are billed. Enter your billing address to see the total and pay.</p>
        <BillingAddressForm action={action} address={null} submitLabel="Continue" />
      </div>
    );
  }
  return (
    <details className="mb-4 rounded-md bg-slate-50 p-3 text-sm ring-1 ring-slate-200">
      <summary className="cursor-pointer text-slate-700">
        Billed to{" "}
        <span className="font-medium text-slate-900" data-testid="billing-address">
          {[address.line1, address.postalCode, countryName(address.country)].filter(Boolean).join(", ")}
        </span>{" "}
        <span className="text-brand-700 underline">Change</span>
      </summary>
      <div className="mt-3">
        <BillingAddressForm action={action} address={address} />
      </div>
    </details>
  );
}
