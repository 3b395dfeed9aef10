/** What a person sees; Stripe's own status is kept verbatim next to it. */
export type DisplayStatus = "succeeded" | "partially_refunded" | "refunded" | "processing" | "pending" | "failed" | "canceled";

export const DISPLAY_STATUS_LABELS: Record<DisplayStatus, string> = {
  succeeded: "Succeeded",
  partially_refunded: "Partially refunded",
  refunded: "Refunded",
  processing: "Processing",
  pending: "Pending",
  failed: "Failed",
  canceled: "Canceled",
};

/**
 * A declined attempt leaves a PaymentIntent in requires_payment_method with last_payment_error:
 * that is a failed payment to the member. Without an error it has simply not been paid yet.
 */
export function displayStatus(p: { status: string | null; lastPaymentError: string | null; amount: number; amountRefunded: number }): DisplayStatus {
  switch (p.status) {
    case "succeeded":
      if (p.amountRefunded >= p.amount && p.amount > 0) return "refunded";
      return p.amountRefunded > 0 ? "partially_refunded" : "succeeded";
    case "processing":
      return "processing";
    case "canceled":
      return "canceled";
    case "requires_payment_method":
      return p.lastPaymentError ? "failed" : "pending";
    default:
      return "pending";
  }
}
