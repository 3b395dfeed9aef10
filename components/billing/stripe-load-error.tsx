import { Button } from "@/components/ui/button";

export function StripeLoadError({ onRetry }: { onRetry: () => void }) {
  return (
    <div role="alert" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
      <p className="font-medium">The secure payment form could not load.</p>
      <p className="mt-1">Check your connection or any content blocker, then try again. Nothing has been charged.</p>
      <Button type="button" variant="secondary" className="mt-3" onClick={onRetry}>
        Retry loading the payment form
      </Button>
    </div>
  );
}
