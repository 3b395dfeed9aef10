"use client";

import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import type { StripeError } from "@stripe/stripe-js";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { declineAdvice } from "@/lib/payments/decline-advice";
import { StripeLoadError } from "./stripe-load-error";
import { useStripeLoader } from "./use-stripe-loader";

type Props = { publishableKey: string; clientSecret: string; secretType: "payment" | "setup"; payLabel: string; returnPath: string };

function messageFor(error: StripeError): string {
  if (error.type === "validation_error") return error.message ?? "Check your card details.";
  return `${error.message ?? "The payment failed."} ${declineAdvice(error.code, error.decline_code)}`;
}

/**
 * The Payment Element for a secret the server already created: a subscription's first invoice
 * (`confirmation_secret`), an open invoice, or a pending SetupIntent when nothing is due. The result
 * page shows what the webhook says, never what the browser claims.
 */
export function ConfirmSecretForm(props: Props) {
  const { stripe, failed, retry } = useStripeLoader(props.publishableKey);
  if (failed) return <StripeLoadError onRetry={retry} />;
  if (!stripe) return <p className="text-sm text-slate-500" role="status">Loading the secure payment form…</p>;
  return (
    <Elements stripe={stripe} options={{ clientSecret: props.clientSecret }}>
      <Inner {...props} />
    </Elements>
  );
}

function Inner({ secretType, payLabel, returnPath }: Props) {
  const stripe = useStripe();
  const elements = useElements();
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!stripe || !elements || pending) return;
    setPending(true);
    setError(undefined);
    const confirmParams = { return_url: `${window.location.origin}${returnPath}` };
    const result =
      secretType === "setup"
        ? await stripe.confirmSetup({ elements, confirmParams, redirect: "if_required" })
        : await stripe.confirmPayment({ elements, confirmParams, redirect: "if_required" });
    if (result.error) {
      setError(messageFor(result.error));
      return setPending(false);
    }
    router.push(returnPath);
  }

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="confirm-secret-form">
      <PaymentElement />
      <FormError message={error} />
      <Button type="submit" disabled={!stripe || pending} className="w-full sm:w-auto">
        {pending ? "Processing…" : payLabel}
      </Button>
    </form>
  );
}
