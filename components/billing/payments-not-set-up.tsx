import Link from "next/link";

/**
 * Members cannot pay online: either Stripe was never set up, or the organisation's connection was
 * removed ("paused": Disconnect, or access revoked in Stripe). Members learn why instead of meeting
 * a pay button that fails; admins get the way to fix it.
 */
export function PaymentsNotSetUp({ slug, isAdmin, reason = "not_set_up" }: { slug: string; isAdmin: boolean; reason?: "not_set_up" | "paused" }) {
  const paused = reason === "paused";
  return (
    <div role="status" data-testid="payments-unavailable" data-reason={reason} className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
      <p className="font-medium">{paused ? "Online payments are paused." : "Payments are not set up yet."}</p>
      {isAdmin ? (
        <p className="mt-1">
          {paused ? "Stripe was disconnected from this portal. Connect it again in " : "Connect Stripe in "}
          <Link className="font-medium underline" href={`/${slug}/settings/integrations/stripe`}>
            Settings › Integrations › Stripe
          </Link>{" "}
          to take payments.
        </p>
      ) : (
        <p className="mt-1">
          {paused
            ? "This organisation cannot take card payments online at the moment. Nothing has been charged, and your history and receipts are still here. Please check back later or contact the organisation."
            : "This organisation cannot take payments online yet. Please check back later."}
        </p>
      )}
    </div>
  );
}
