import Link from "next/link";

/** Stripe is not connected: members learn why they cannot pay; admins get the way to fix it. */
export function PaymentsNotSetUp({ slug, isAdmin }: { slug: string; isAdmin: boolean }) {
  return (
    <div role="status" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
      <p className="font-medium">Payments are not set up yet.</p>
      {isAdmin ? (
        <p className="mt-1">
          Connect Stripe in{" "}
          <Link className="font-medium underline" href={`/${slug}/settings/integrations/stripe`}>
            Settings › Integrations › Stripe
          </Link>{" "}
          to take payments.
        </p>
      ) : (
        <p className="mt-1">This organisation cannot take payments online yet. Please check back later.</p>
      )}
    </div>
  );
}
