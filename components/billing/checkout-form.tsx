"use client";

import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import type { Stripe, StripeError } from "@stripe/stripe-js";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { payWithSavedCard, startPayment } from "@/lib/payments/checkout-actions";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { declineAdvice } from "@/lib/payments/decline-advice";
import { NEW_CARD, SavedCardChoice } from "./saved-card-choice";
import { StripeLoadError } from "./stripe-load-error";
import { useStripeLoader } from "./use-stripe-loader";

export type SavedCard = { id: string; label: string };
type Props = { slug: string; priceId: string; publishableKey: string; amount: number; currency: string; payLabel: string; savedCards: SavedCard[] };


function messageFor(error: StripeError): string {
  if (error.type === "validation_error") return error.message ?? "Check your card details.";
  return `${error.message ?? "The payment failed."} ${declineAdvice(error.code, error.decline_code)}`;
}

/** Order → Payment Element (deferred intent) or a saved card → confirm → the return page. */
export function CheckoutForm(props: Props) {
  const { stripe, failed, retry } = useStripeLoader(props.publishableKey);
  const [choice, setChoice] = useState(props.savedCards[0]?.id ?? NEW_CARD);
  const [saveCard, setSaveCard] = useState(false);
  if (failed) return <StripeLoadError onRetry={retry} />;
  if (!stripe) return <p className="text-sm text-slate-500" role="status">Loading the secure payment form…</p>;
  return (
    <div className="space-y-4">
      {props.savedCards.length > 0 ? (
        <SavedCardChoice cards={props.savedCards} choice={choice} onChoose={setChoice} />
      ) : null}
      {choice === NEW_CARD ? (
        <Elements
          stripe={stripe}
          options={{ mode: "payment", amount: props.amount, currency: props.currency, ...(saveCard ? { setupFutureUsage: "off_session" as const } : {}) }}
        >
          <NewCardForm {...props} saveCard={saveCard} setSaveCard={setSaveCard} />
        </Elements>
      ) : (
        <SavedCardForm {...props} stripe={stripe} paymentMethodId={choice} />
      )}
    </div>
  );
}

function useFinish(slug: string) {
  const router = useRouter();
  return (paymentId: string) => router.push(`/${slug}/billing/payments/${paymentId}`);
}

function NewCardForm(props: Props & { saveCard: boolean; setSaveCard: (v: boolean) => void }) {
  const stripe = useStripe();
  const elements = useElements();
  const finish = useFinish(props.slug);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  async function pay(e: React.FormEvent) {
    e.preventDefault();
    if (!stripe || !elements || pending) return;
    setPending(true);
    setError(undefined);
    const submitted = await elements.submit();
    if (submitted.error) {
      setError(messageFor(submitted.error));
      return setPending(false);
    }
    const { data: started, error: startError } = await startPayment({ slug: props.slug, priceId: props.priceId, saveCard: props.saveCard });
    if (!started) {
      setError(startError);
      return setPending(false);
    }
    const returnUrl = `${window.location.origin}/${props.slug}/billing/payments/${started.paymentId}`;
    const result = await stripe.confirmPayment({ elements, clientSecret: started.clientSecret, confirmParams: { return_url: returnUrl }, redirect: "if_required" });
    if (result.error) {
      setError(messageFor(result.error));
      return setPending(false);
    }
    finish(started.paymentId);
  }

  return (
    <form onSubmit={pay} className="space-y-4">
      <PaymentElement />
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" checked={props.saveCard} onChange={(e) => props.setSaveCard(e.target.checked)} />
        Save this card for future payments
      </label>
      <FormError message={error} />
      <Button type="submit" disabled={!stripe || pending} className="w-full sm:w-auto">
        {pending ? "Processing…" : props.payLabel}
      </Button>
    </form>
  );
}

function SavedCardForm(props: Props & { stripe: Stripe; paymentMethodId: string }) {
  const finish = useFinish(props.slug);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  async function pay(e: React.FormEvent) {
    e.preventDefault();
    if (pending) return;
    setPending(true);
    setError(undefined);
    const r = await payWithSavedCard({ slug: props.slug, priceId: props.priceId, paymentMethodId: props.paymentMethodId });
    if (!r.ok || !r.data) {
      setError(r.error);
      return setPending(false);
    }
    const paid = r.data;
    if (paid.status === "requires_action" && paid.clientSecret) {
      const next = await props.stripe.handleNextAction({ clientSecret: paid.clientSecret });
      if (next.error) {
        setError(messageFor(next.error));
        return setPending(false);
      }
    }
    finish(paid.paymentId);
  }

  return (
    <form onSubmit={pay} className="space-y-4">
      <FormError message={error} />
      <Button type="submit" disabled={pending} className="w-full sm:w-auto">
        {pending ? "Processing…" : props.payLabel}
      </Button>
    </form>
  );
}
