// Parameters the pinned API version removed but Stripe still recognises, answered with Stripe's
// specific error instead of parameter_unknown (STRIPE-NOTES: endive's payment_method_types ban).
import { invalidRequest, type StripeApiError } from '../errors';
import type { OperationSpec } from '../spec/types';

const PAYMENT_METHOD_TYPES_OPERATIONS = /^\/v1\/(payment_intents|setup_intents)(\/\{[^}]+\}(\/confirm)?)?$|^\/v1\/checkout\/sessions$/;

export function retiredParam(op: OperationSpec, key: string): StripeApiError | null {
  if (key === 'payment_method_types' && op.method === 'POST' && PAYMENT_METHOD_TYPES_OPERATIONS.test(op.path) && !(key in op.params)) {
    return invalidRequest(
      'The parameter payment_method_types is no longer supported as of API version 2026-10-28.endive. Use dynamic payment methods, or allowed_payment_method_types / excluded_payment_method_types instead.',
      { param: 'payment_method_types', code: 'payment_method_types_no_longer_supported' },
    );
  }
  return null;
}
