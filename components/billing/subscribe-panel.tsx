"use client";

import { useState } from "react";
import { startSubscription } from "@/lib/subscriptions/actions";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { ConfirmSecretForm } from "./confirm-secret-form";

/** Step 1: start the subscription (one per plan, however often it is clicked). Step 2: pay its first invoice. */
export function SubscribePanel({ slug, priceId, publishableKey, payLabel }: { slug: string; priceId: string; publishableKey: string; payLabel: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [secret, setSecret] = useState<{ clientSecret: string; secretType: "payment" | "setup" } | null>(null);

  async function start() {
    if (pending) return;
    setPending(true);
    setError(undefined);
    const { data, error } = await startSubscription({ slug, priceId });
    setPending(false);
    if (!data) return setError(error);
    setSecret({ clientSecret: data.clientSecret, secretType: data.secretType });
  }

  if (secret) {
    return <ConfirmSecretForm publishableKey={publishableKey} clientSecret={secret.clientSecret} secretType={secret.secretType} payLabel={payLabel} returnPath={`/${slug}/billing/subscription?welcome=1`} />;
  }
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">Your membership starts as soon as Stripe confirms the first payment. You can cancel any time.</p>
      <FormError message={error} />
      <Button type="button" onClick={start} disabled={pending} aria-disabled={pending} className="w-full sm:w-auto">
        {pending ? "Preparing payment…" : "Continue to payment"}
      </Button>
    </div>
  );
}
