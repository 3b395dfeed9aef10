/** Stripe's Refund.failure_reason values, as an admin reads them (unknown codes fall back to the code's words). */
const FAILURE_TEXT: Record<string, string> = {
  charge_for_pending_refund_disputed: "the charge was disputed while the refund was pending",
  declined: "the card's bank declined it",
  expired_or_canceled_card: "the card has expired or was canceled",
  insufficient_funds: "insufficient funds in the Stripe balance",
  lost_or_stolen_card: "the card was reported lost or stolen",
  merchant_request: "canceled on request",
  unknown: "the bank gave no reason",
};

export function refundFailureText(reason: string): string {
  return FAILURE_TEXT[reason] ?? reason.replaceAll("_", " ");
}
