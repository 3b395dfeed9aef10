import type { RegisteredHandler } from "../context";
import { billingNoticesHandler } from "./billing-notices";
import { cardFingerprintsHandler } from "./card-fingerprints";
import { checkoutSessionHandler } from "./checkout-session";
import { connectAccountHandler } from "./connect-account";
import { creditsOnPaymentHandler } from "./credits-on-payment";
import { creditsOnRefundHandler } from "./credits-on-refund";
import { customerHandler } from "./customer";
import { disputeHandler } from "./dispute";
import { invoiceHandler, invoicePaymentHandler } from "./invoice";
import { invoiceMailHandler } from "./invoice-mail";
import { mailNoticesHandler } from "./mail-notices";
import { paymentActionNoticeHandler } from "./payment-action-notice";
import { paymentIntentHandler } from "./payment-intent";
import { paymentMethodHandler } from "./payment-method";
import { productPriceHandler } from "./product-price";
import { promotionHandler } from "./promotion";
import { chargeRefundedHandler, refundHandler } from "./refund";
import { subscriptionHandler } from "./subscription";
import { trialWillEndHandler } from "./trial-will-end";

/**
 * Every handler, in the order they run for an event. A new side effect (credits, notifications,
 * member activation) is a new file with `defineHandler({ types, plan, decide })` plus one line here; it
 * then runs inside the same exactly-once transaction as the projections.
 */
const HANDLERS = [
  customerHandler,
  paymentIntentHandler,
  checkoutSessionHandler,
  chargeRefundedHandler,
  refundHandler,
  disputeHandler,
  paymentMethodHandler,
  cardFingerprintsHandler,
  subscriptionHandler,
  invoiceHandler,
  invoicePaymentHandler,
  billingNoticesHandler,
  paymentActionNoticeHandler,
  productPriceHandler,
  promotionHandler,
  creditsOnPaymentHandler,
  creditsOnRefundHandler,
  mailNoticesHandler,
  invoiceMailHandler,
  connectAccountHandler,
  trialWillEndHandler,
] satisfies RegisteredHandler[];

const byType = new Map<string, RegisteredHandler[]>();
for (const handler of HANDLERS) {
  for (const type of handler.types) byType.set(type, [...(byType.get(type) ?? []), handler]);
}

export function handlersFor(type: string): readonly RegisteredHandler[] {
  return byType.get(type) ?? [];
}

export function registeredEventTypes(): string[] {
  return [...byType.keys()];
}
