// Stripe's documented test cards and what happens when they are charged. Numbers not listed here
// succeed if they pass the Luhn check, as in Stripe test mode.
import { createHash } from 'node:crypto';
import { cardError } from './errors';

export type CardOutcome =
  | { kind: 'success'; dispute?: string }
  | { kind: 'requires_action' }
  | { kind: 'decline'; code: string; declineCode?: string; message: string; onSetup: boolean };

const OUTCOMES: Record<string, CardOutcome> = {
  // Succeeds, then the cardholder's bank opens a dispute (disputes/dispute-flow.ts).
  '4000000000000259': { kind: 'success', dispute: 'fraudulent' },
  // 3155 (Stripe: authenticate unless set up) is kept strict here: off-session it needs action too.
  '4000002500003155': { kind: 'requires_action' },
  // Always authenticate: on-session confirms need 3-D Secure; off-session charges answer
  // authentication_required (an invoice's PaymentIntent stays requires_action, billing/invoice-flow.ts).
  '4000002760003184': { kind: 'requires_action' },
  '4000000000003220': { kind: 'requires_action' },
  // Insufficient funds is only discovered when money moves: saving the card (SetupIntent) works,
  // which is what lets tests exercise "saved card later declined".
  '4000000000009995': { kind: 'decline', code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.', onSetup: false },
  '4000000000000069': { kind: 'decline', code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.', onSetup: true },
  '4000000000000002': { kind: 'decline', code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.', onSetup: true },
  '4000000000000127': { kind: 'decline', code: 'incorrect_cvc', declineCode: 'incorrect_cvc', message: "Your card's security code is incorrect.", onSetup: true },
  '4000000000009987': { kind: 'decline', code: 'card_declined', declineCode: 'lost_card', message: 'Your card was declined.', onSetup: true },
};

/** `pm_card_*` test tokens accepted wherever a payment_method id is. */
export const TEST_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_mastercard: '5555555555554444',
  pm_card_amex: '378282246310005',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_createDispute: '4000000000000259',
  pm_card_threeDSecure2Required: '4000000000003220',
  pm_card_authenticationRequiredOnSetup: '4000002500003155',
  pm_card_authenticationRequired: '4000002760003184',
};

export function outcomeFor(number: string): CardOutcome {
  return OUTCOMES[number] ?? { kind: 'success' };
}

export function brandOf(number: string): string {
  if (/^4/.test(number)) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  if (/^35/.test(number)) return 'jcb';
  if (/^3(0|6|8)/.test(number)) return 'diners';
  if (/^62/.test(number)) return 'unionpay';
  return 'unknown';
}

export function luhnValid(number: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = number.length - 1; i >= 0; i--) {
    let d = Number(number[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Same card in the same account → same fingerprint (Stripe uses this for duplicate detection). */
export function fingerprintOf(accountId: string, number: string): string {
  return createHash('sha256').update(`${accountId}:${number}`).digest('base64').replace(/[^a-zA-Z0-9]/g, '').slice(0, 16);
}

/** Validates raw card details like Stripe's tokenizer does: 402 card_error on bad input. */
export function validateCard(number: string, expMonth: number, expYear: number): void {
  if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) {
    throw cardError('incorrect_number', 'Your card number is incorrect.', { param: 'card[number]' });
  }
  if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12) {
    throw cardError('invalid_expiry_month', "Your card's expiration month is invalid.", { param: 'card[exp_month]' });
  }
  const year = expYear < 100 ? 2000 + expYear : expYear;
  const now = new Date();
  if (year < now.getUTCFullYear() || (year === now.getUTCFullYear() && expMonth < now.getUTCMonth() + 1) || year > now.getUTCFullYear() + 50) {
    throw cardError('invalid_expiry_year', "Your card's expiration year is invalid.", { param: 'card[exp_year]' });
  }
}
