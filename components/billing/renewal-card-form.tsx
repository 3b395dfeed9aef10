"use client";

import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { startAddCard } from "@/lib/payment-methods/actions";
import { changeRenewalCardAction } from "@/lib/subscriptions/actions";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { NEW_CARD, SavedCardChoice } from "./saved-card-choice";
import { StripeLoadError } from "./stripe-load-error";
import { useStripeLoader } from "./use-stripe-loader";

type Props = { slug: string; subscriptionId: string; publishableKey: string; cards: { id: string; label: string }[] };

/**
 * "Change card": the subscription renews on a saved card, or on a new one saved here first with a
 * SetupIntent (the Payment Element, confirmSetup), then set as the subscription's default
 * payment method on the server. The customer's default card is left as it is.
 */
export function RenewalCardForm({ slug, subscriptionId, publishableKey, cards }: Props) {
  const router = useRouter();
  const [choice, setChoice] = useState(cards[0]?.id ?? NEW_CARD);
  const [clientSecret, setClientSecret] = useState<string>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();

  async function applyCard(card: { paymentMethodId: string } | { setupIntentId: string }) {
    const r = await changeRenewalCardAction({ slug, subscriptionId, ...card });
    if (r.error) return setError(r.error);
    setMessage(r.message);
    setClientSecret(undefined);
    router.refresh();
  }

  async function submit() {
    setPending(true);
    setError(undefined);
    setMessage(undefined);
    try {
      if (choice !== NEW_CARD) return await applyCard({ paymentMethodId: choice });
      const r = await startAddCard({ slug });
      if (r.data) setClientSecret(r.data.clientSecret);
      else setError(r.error);
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-3" data-testid="renewal-card-form">
      {clientSecret ? (
        <NewCard publishableKey={publishableKey} clientSecret={clientSecret} onSaved={(setupIntentId) => applyCard({ setupIntentId })} onCancel={() => setClientSecret(undefined)} />
      ) : (
        <>
          <SavedCardChoice legend="Renew with" cards={cards} choice={choice} onChoose={setChoice} />
          <Button type="button" onClick={submit} disabled={pending}>
            {pending ? "Saving…" : choice === NEW_CARD ? "Enter the new card" : "Renew on this card"}
          </Button>
        </>
      )}
      <FormError message={error} />
      {message ? (
        <p role="status" className="text-sm text-emerald-700">
          {message}
        </p>
      ) : null}
    </div>
  );
}

function NewCard({ publishableKey, clientSecret, onSaved, onCancel }: { publishableKey: string; clientSecret: string; onSaved: (setupIntentId: string) => Promise<void>; onCancel: () => void }) {
  const { stripe, failed, retry } = useStripeLoader(publishableKey);
  if (failed) return <StripeLoadError onRetry={retry} />;
  if (!stripe) return <p className="text-sm text-slate-500" role="status">Loading the secure card form…</p>;
  return (
    <Elements stripe={stripe} options={{ clientSecret }}>
      <SetupForm clientSecret={clientSecret} onSaved={onSaved} onCancel={onCancel} />
    </Elements>
  );
}

function SetupForm({ clientSecret, onSaved, onCancel }: { clientSecret: string; onSaved: (setupIntentId: string) => Promise<void>; onCancel: () => void }) {
  const stripe = useStripe();
  const elements = useElements();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (!stripe || !elements || pending) return;
    setPending(true);
    setError(undefined);
    const returnUrl = window.location.href;
    const result = await stripe.confirmSetup({ elements, confirmParams: { return_url: returnUrl }, redirect: "if_required" });
    if (result.error) {
      setError(result.error.message ?? "The card could not be saved. Check the details or try another card.");
      return setPending(false);
    }
    // The SetupIntent's id is the secret's prefix (`seti_…_secret_…`); the server checks it is the member's.
    await onSaved(clientSecret.slice(0, clientSecret.indexOf("_secret_")));
    setPending(false);
  }

  return (
    <form onSubmit={save} className="space-y-4">
      <PaymentElement />
      <FormError message={error} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={!stripe || pending}>
          {pending ? "Saving…" : "Save and renew on this card"}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
