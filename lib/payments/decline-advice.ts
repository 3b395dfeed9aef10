/** What to try after a decline, in plain words; Stripe's own message is shown before it. */
export function declineAdvice(code: string | null | undefined, declineCode?: string | null): string {
  switch (declineCode ?? code) {
    case "insufficient_funds":
      return "Try another card, or contact your bank.";
    case "expired_card":
      return "Check the expiry date, or use another card.";
    case "incorrect_cvc":
    case "invalid_cvc":
      return "Check the security code on the back of your card.";
    case "payment_intent_authentication_failure":
    case "authentication_required":
      return "Try again and complete the bank's check, or use another card.";
    case "incorrect_number":
    case "invalid_number":
      return "Check the card number.";
    default:
      return "Try another card, or contact your bank for details.";
  }
}
