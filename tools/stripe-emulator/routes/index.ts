// Every /v1 route the emulator serves, in matching order. The request validator and the spec
// generator (spec/generate.ts) read this table too: each route must be an operation of the SDK.
import type { Route } from '../context';
import { accountRoutes } from './accounts';
import { chargeRoutes } from './charges';
import { couponRoutes } from './coupons';
import { customerRoutes } from './customers';
import { disputeRoutes } from './disputes';
import { fileRoutes } from './files';
import { eventRoutes } from './events';
import { paymentIntentRoutes } from './payment-intents';
import { paymentMethodRoutes } from './payment-methods';
import { priceRoutes } from './prices';
import { productRoutes } from './products';
import { refundRoutes } from './refunds';
import { setupIntentRoutes } from './setup-intents';
import { webhookEndpointRoutes } from './webhook-endpoints';
import { billingPortalRoutes } from './billing-portal';
import { checkoutSessionRoutes } from './checkout-sessions';
import { invoiceItemRoutes } from './invoice-items';
import { invoiceRoutes } from './invoices';
import { invoicePaymentRoutes } from './invoice-payments';
import { subscriptionRoutes } from './subscriptions';
import { taxCalculationRoutes } from './tax-calculations';

export const API_ROUTES: Route[] = [
  ...accountRoutes,
  ...customerRoutes,
  ...paymentMethodRoutes,
  ...paymentIntentRoutes,
  ...setupIntentRoutes,
  ...chargeRoutes,
  ...refundRoutes,
  ...disputeRoutes,
  ...fileRoutes,
  ...webhookEndpointRoutes,
  ...eventRoutes,
  ...productRoutes,
  ...priceRoutes,
  ...couponRoutes,
  ...subscriptionRoutes,
  ...invoiceRoutes,
  ...invoicePaymentRoutes,
  ...invoiceItemRoutes,
  ...billingPortalRoutes,
  ...checkoutSessionRoutes,
  ...taxCalculationRoutes,
];
