"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Stripe } from "@stripe/stripe-js";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/action-result";
import type { SavedCardCharge } from "@/lib/subscriptions/saved-card-actions";
import { ConfirmSecretForm } from "./confirm-secret-form";
import { NEW_CARD, SavedCardChoice } from "./saved-card-choice";
import { StripeLoadError } from "./stripe-load-error";
import { useStripeLoader } from "./use-stripe-loader";

type Props = {
  publishableKey: string;
  clientSecret: string;
  /** "setup": a pending SetupIntent (nothing due today); saved cards are then not offered. */
  secretType?: "payment" | "setup";
  payLabel: string;
  returnPath: string;
  savedCards: { id: string; label: string }[];
  /** A saved-card action, called with `payInput` (what the page fixed: slug, invoice…) and the card. */
  payWithSavedCard: (input: { paymentMethodId: string } & Record<string, string>) => Promise<ActionResult<SavedCardCharge>>;
  payInput: Record<string, string>;
};


/**
 * Pay a secret the server already created (an open invoice, a new subscription's first invoice): with
 * a saved card, charged on the server, or a new one in the Payment Element; both end on `returnPath`.
 */
export function CardChoiceForm(props: Props) {
  const [choice, setChoice] = useState(props.savedCards[0]?.id ?? NEW_CARD);
  const newCard = <ConfirmSecretForm publishableKey={props.publishableKey} clientSecret={props.clientSecret} secretType={props.secretType ?? "payment"} payLabel={props.payLabel} returnPath={props.returnPath} />;
  if (props.savedCards.length === 0) return newCard;
  return (
    <div className="space-y-4">
      <SavedCardChoice cards={props.savedCards} choice={choice} onChoose={setChoice} />
      {choice === NEW_CARD ? newCard : <SavedCardPay {...props} paymentMethodId={choice} />}
    </div>
  );
}

function SavedCardPay(props: Props & { paymentMethodId: string }) {
  const { stripe, failed, retry } = useStripeLoader(props.publishableKey);
  if (failed) return <StripeLoadError onRetry={retry} />;
  return <SavedCardButton {...props} stripe={stripe} />;
}

function SavedCardButton(props: Props & { paymentMethodId: string; stripe: Stripe | null }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  async function pay(e: React.FormEvent) {
    e.preventDefault();
    if (pending || !props.stripe) return;
    setPending(true);
    setError(undefined);
    const { data: r, error } = await props.payWithSavedCard({ ...props.payInput, paymentMethodId: props.paymentMethodId });
    if (!r) {
      setError(error);
      return setPending(false);
    }
    if (r.status === "requires_action" && r.clientSecret) {
      const next = await props.stripe.handleNextAction({ clientSecret: r.clientSecret });
      if (next.error) {
        setError(next.error.message ?? "The card could not be authenticated.");
        return setPending(false);
      }
    }
    router.push(props.returnPath);
  }

  return (
    <form onSubmit={pay} className="space-y-4" data-testid="invoice-saved-card-form">
      <FormError message={error} />
      <Button type="submit" disabled={pending || !props.stripe} className="w-full sm:w-auto">
        {pending ? "Processing…" : props.payLabel}
      </Button>
    </form>
  );
}
