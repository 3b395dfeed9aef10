// What Stripe.js may send with a publishable key beyond the server SDK's params types (those are
// written for secret keys): the intent's `client_secret`, and raw card details inside
// `payment_method_data` (a server may send raw card data only with special approval).
import type { ApiSpec, OperationSpec, ParamSchema } from '../spec/types';

function cardSchema(spec: ApiSpec): ParamSchema | undefined {
  return spec.operations.find((op) => op.method === 'POST' && op.path === '/v1/payment_methods')?.params.card;
}

export function browserParams(spec: ApiSpec, op: OperationSpec): Record<string, ParamSchema> {
  const params: Record<string, ParamSchema> = { client_secret: { type: 'string' }, ...op.params };
  const data = op.params.payment_method_data;
  const card = cardSchema(spec);
  const type = data?.type === 'object' ? data.properties.type : undefined;
  if (data?.type === 'object' && card && type?.type === 'enum' && !data.properties.card) {
    const types = { ...type, values: [...type.values, 'card'].sort() };
    params.payment_method_data = { ...data, properties: { ...data.properties, card, type: types } };
  }
  return params;
}
