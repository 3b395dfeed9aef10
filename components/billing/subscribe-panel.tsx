"use client";

import { useState } from "react";
import { startSubscription } from "@/lib/subscriptions/actions";
import { previewPlanPromotionAction } from "@/lib/promotions/actions";
import { PromotionCodeField } from "./promotion-code-field";
import { usePromotion } from "./promotion-context";
import { payFirstInvoiceWithSavedCardAction } from "@/lib/subscriptions/saved-card-actions";
import { Button } from "@/components/ui/button";
import { formatMoney } from "@/lib/money";
import { FormError } from "@/components/ui/field";
import { CardChoiceForm } from "./card-choice-form";

type SavedCard = { id: string; label: string };

/**
 * Step 1: start the subscription (one per plan, however often it is clicked). Step 2: pay its first
 * invoice with a saved card or a new one (a pending SetupIntent, when nothing is due, takes a new card).
 */
export function SubscribePanel({
  slug,
  priceId,
  publishableKey,
  payLabel,
  savedCards,
  trialDays = null,
}: {
  slug: string;
  priceId: string;
  publishableKey: string;
  payLabel: string;
  savedCards: SavedCard[];
  /** A free trial: nothing is charged today; the card is saved for the first charge at its end. */
  trialDays?: number | null;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [secret, setSecret] = useState<{ clientSecret: string; secretType: "payment" | "setup"; subscriptionId: string } | null>(null);
  const [promotion, setPromotion] = usePromotion();

  async function start() {
    if (pending) return;
    setPending(true);
    setError(undefined);
    const r = await startSubscription({ slug, priceId, ...(promotion ? { promotionCode: promotion.code } : {}) });
    setPending(false);
    if (!r.data) return setError(r.error);
    setSecret(r.data);
  }

  if (secret) {
    return (
      <CardChoiceForm
        publishableKey={publishableKey}
        clientSecret={secret.clientSecret}
        secretType={secret.secretType}
        payLabel={promotion && !trialDays ? `Subscribe — pay ${formatMoney(promotion.total, promotion.currency)} today` : payLabel}
        returnPath={`/${slug}/billing/subscription?welcome=1`}
        savedCards={secret.secretType === "payment" ? savedCards : []}
        payWithSavedCard={payFirstInvoiceWithSavedCardAction}
        payInput={{ slug, subscriptionId: secret.subscriptionId }}
      />
    );
  }
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        {trialDays
          ? `Your ${trialDays}-day free trial starts today. Add a card now: nothing is charged until the trial ends, and you can cancel any time before.`
          : "Your membership starts as soon as Stripe confirms the first payment. You can cancel any time."}
      </p>
      <PromotionCodeField
        applied={promotion}
        onApplied={setPromotion}
        check={(code) => previewPlanPromotionAction({ slug, priceId, code })}
        amountLabel={trialDays ? "After the trial" : "Plan"}
        firstChargeLabel={trialDays ? "First charge" : "Due today"}
      />
      <FormError message={error} />
      <Button type="button" onClick={start} disabled={pending} aria-disabled={pending} className="w-full sm:w-auto">
        {pending ? "Preparing…" : trialDays ? "Start free trial" : "Continue to payment"}
      </Button>
    </div>
  );
}
