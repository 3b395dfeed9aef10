"use client";

import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { startAddCard } from "@/lib/payment-methods/actions";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { StripeLoadError } from "./stripe-load-error";
import { useStripeLoader } from "./use-stripe-loader";

type Props = { slug: string; publishableKey: string; cardCount: number };

/**
 * "Add a card": a SetupIntent from the server, the Payment Element, confirmSetup. The card only
 * joins the list when Stripe's payment_method.attached webhook has been recorded, so after
 * success the page says so and refreshes until the list grows.
 */
export function AddCardForm({ slug, publishableKey, cardCount }: Props) {
  const { stripe, failed, retry } = useStripeLoader(publishableKey);
  const [clientSecret, setClientSecret] = useState<string>();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string>();
  const [savedAt, setSavedAt] = useState<number>();

  async function open() {
    setStarting(true);
    setError(undefined);
    const r = await startAddCard({ slug });
    setStarting(false);
    if (r.data) setClientSecret(r.data.clientSecret);
    else setError(r.error);
  }

  if (savedAt !== undefined) return <SavedNotice cardCount={cardCount} onDone={() => setSavedAt(undefined)} />;
  if (!clientSecret) {
    return (
      <div className="space-y-3">
        <FormError message={error} />
        <Button type="button" onClick={open} disabled={starting}>
          {starting ? "Opening the card form…" : "Add a card"}
        </Button>
      </div>
    );
  }
  if (failed) return <StripeLoadError onRetry={retry} />;
  if (!stripe) return <p className="text-sm text-slate-500" role="status">Loading the secure card form…</p>;
  return (
    <Elements stripe={stripe} options={{ clientSecret }}>
      <SetupForm
        slug={slug}
        onSaved={() => {
          // A confirmed SetupIntent cannot be used again: the next card gets a new one.
          setClientSecret(undefined);
          setSavedAt(cardCount);
        }}
        onCancel={() => setClientSecret(undefined)}
      />
    </Elements>
  );
}

function SetupForm({ slug, onSaved, onCancel }: { slug: string; onSaved: () => void; onCancel: () => void }) {
  const stripe = useStripe();
  const elements = useElements();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (!stripe || !elements || pending) return;
    setPending(true);
    setError(undefined);
    const returnUrl = `${window.location.origin}/${slug}/billing/payment-methods/setup-complete`;
    const result = await stripe.confirmSetup({ elements, confirmParams: { return_url: returnUrl }, redirect: "if_required" });
    if (result.error) {
      setError(result.error.message ?? "The card could not be saved. Check the details or try another card.");
      return setPending(false);
    }
    onSaved();
  }

  return (
    <form onSubmit={save} className="space-y-4">
      <PaymentElement />
      <FormError message={error} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={!stripe || pending}>
          {pending ? "Saving…" : "Save card"}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Stripe has the card; our list follows the webhook. Refresh for a while, then stop honestly. */
function SavedNotice({ cardCount, onDone }: { cardCount: number; onDone: () => void }) {
  const router = useRouter();
  const [tries, setTries] = useState(0);
  const [start] = useState(cardCount);
  useEffect(() => {
    if (cardCount > start) return onDone();
    if (tries >= 15) return;
    const t = setTimeout(() => {
      router.refresh();
      setTries((n) => n + 1);
    }, 1500);
    return () => clearTimeout(t);
  }, [cardCount, start, tries, router, onDone]);
  return (
    <p role="status" className="rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-900 ring-1 ring-emerald-200">
      {tries >= 15 ? "Card added. Stripe has it; it is taking longer than usual to show here — reload the page in a minute." : "Card added, it will appear in a moment."}
    </p>
  );
}
