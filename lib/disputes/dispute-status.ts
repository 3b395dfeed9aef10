/** How the portal names Stripe's dispute statuses and reasons (both verbatim in the database). */
export const DISPUTE_STATUS_LABELS: Record<string, string> = {
  warning_needs_response: "Inquiry: needs response",
  warning_under_review: "Inquiry: under review",
  warning_closed: "Inquiry closed",
  needs_response: "Needs response",
  under_review: "Under review",
  won: "Won",
  lost: "Lost",
  prevented: "Prevented",
  appeal_needs_response: "Appeal: needs response",
  appeal_under_review: "Appeal: under review",
};

export type DisputeTone = "urgent" | "waiting" | "won" | "lost";

export function disputeStatusLabel(status: string): string {
  return DISPUTE_STATUS_LABELS[status] ?? status.replaceAll("_", " ");
}

export function disputeTone(status: string): DisputeTone {
  if (status.endsWith("needs_response")) return "urgent";
  if (status === "won" || status === "prevented" || status === "warning_closed") return "won";
  if (status === "lost") return "lost";
  return "waiting";
}

/** Evidence can still be sent (Stripe refuses it in any other status). */
export function acceptsEvidence(status: string): boolean {
  return status === "needs_response" || status === "warning_needs_response";
}

const REASONS: Record<string, string> = {
  fraudulent: "Fraudulent (cardholder says they did not make it)",
  product_not_received: "Product not received",
  product_unacceptable: "Product unacceptable",
  subscription_canceled: "Subscription canceled",
  duplicate: "Duplicate charge",
  credit_not_processed: "Credit not processed",
  unrecognized: "Unrecognized charge",
  general: "General",
};

export function disputeReasonLabel(reason: string): string {
  return REASONS[reason] ?? reason.replaceAll("_", " ");
}
