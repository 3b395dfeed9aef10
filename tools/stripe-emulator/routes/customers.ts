// /v1/customers: create, retrieve (deleted → stub), update (metadata merge, default PM, address —
// what Stripe Tax locates the customer by, billing/tax.ts), list (email filter), delete.
// Emits customer.created/updated/deleted.
import type Stripe from 'stripe';
import { route, snapshot, type RequestContext, type Route } from '../context';
import { invalidRequest, noSuch } from '../errors';
import { applyExpand } from '../expand';
import { mergeMetadata, optNullableString, optObject, optString, type Params } from '../form';
import { newId, nowSeconds } from '../ids';
import { newestFirst, paginate } from '../lists';
import { addressParam } from '../billing/tax';
import { attachPaymentMethod, listCustomerPaymentMethods, requirePaymentMethod } from './payment-methods';

export function requireCustomer(ctx: RequestContext, id: string, param = 'customer'): Stripe.Customer {
  const customer = ctx.state.customers.get(id);
  if (!customer) throw noSuch('customer', id, param);
  return customer;
}

function applyFields(ctx: RequestContext, customer: Stripe.Customer, p: Params): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  const set = <K extends 'email' | 'name' | 'description' | 'phone'>(key: K) => {
    const value = optNullableString(p, key);
    if (value === undefined || value === customer[key]) return;
    previous[key] = customer[key] ?? null;
    customer[key] = value;
  };
  set('email');
  set('name');
  set('description');
  set('phone');
  const address = addressParam(p, 'address');
  if (address !== undefined && JSON.stringify(address) !== JSON.stringify(customer.address)) {
    previous.address = customer.address;
    customer.address = address;
  }
  if (p.metadata !== undefined) {
    const next = mergeMetadata(customer.metadata, p);
    if (JSON.stringify(next) !== JSON.stringify(customer.metadata)) {
      previous.metadata = customer.metadata;
      customer.metadata = next;
    }
  }
  const invoiceSettings = optObject(p, 'invoice_settings');
  const defaultPm = invoiceSettings ? optNullableString(invoiceSettings, 'default_payment_method') : undefined;
  if (defaultPm !== undefined) {
    if (defaultPm !== null) {
      const pm = requirePaymentMethod(ctx, defaultPm, 'invoice_settings[default_payment_method]');
      if (pm.customer !== customer.id) {
        throw invalidRequest(
          `The customer does not have a payment method with the ID ${defaultPm}. The payment method must be attached to the customer.`,
          { param: 'invoice_settings[default_payment_method]', code: 'resource_missing' },
        );
      }
    }
    previous.invoice_settings = { ...customer.invoice_settings };
    customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: defaultPm };
  }
  return previous;
}

function create(ctx: RequestContext): Stripe.Customer {
  const customer: Stripe.Customer = {
    id: newId('cus'),
    object: 'customer',
    address: null,
    balance: 0,
    created: nowSeconds(),
    currency: null,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: newId('x').slice(2, 10).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: ctx.livemode,
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
  const paymentMethod = optString(ctx.params, 'payment_method');
  const { invoice_settings: invoiceSettings, ...rest } = ctx.params;
  applyFields(ctx, customer, rest);
  ctx.state.customers.set(customer.id, customer);
  ctx.emit('customer.created', customer);
  if (paymentMethod) attachPaymentMethod(ctx, requirePaymentMethod(ctx, paymentMethod, 'payment_method'), customer.id);
  if (invoiceSettings !== undefined) update(ctx, customer.id, { invoice_settings: invoiceSettings });
  return customer;
}

function update(ctx: RequestContext, id: string, params: Params = ctx.params): Stripe.Customer {
  const customer = requireCustomer(ctx, id, 'id');
  const previous = applyFields(ctx, customer, params);
  if (Object.keys(previous).length > 0) ctx.emit('customer.updated', customer, previous);
  return customer;
}

function retrieve(ctx: RequestContext, id: string): Stripe.Customer | Stripe.DeletedCustomer {
  if (ctx.state.deletedCustomers.has(id)) return { id, object: 'customer', deleted: true };
  return applyExpand(ctx.state, requireCustomer(ctx, id, 'id'), ctx.params);
}

function del(ctx: RequestContext, id: string): Stripe.DeletedCustomer {
  const customer = requireCustomer(ctx, id, 'id');
  ctx.state.customers.delete(id);
  ctx.state.deletedCustomers.add(id);
  // Like Stripe, deleting a customer detaches its payment methods.
  for (const pm of ctx.state.paymentMethods.values()) if (pm.customer === id) pm.customer = null;
  ctx.emit('customer.deleted', snapshot(customer));
  return { id, object: 'customer', deleted: true };
}

function list(ctx: RequestContext): Stripe.ApiList<Stripe.Customer> {
  const email = optString(ctx.params, 'email');
  const items = newestFirst(ctx.state.customers).filter((c) => email === undefined || c.email === email);
  return applyExpand(ctx.state, paginate(items, ctx.params, '/v1/customers'), ctx.params);
}

export const customerRoutes: Route[] = [
  route('POST', '/v1/customers', create),
  route('GET', '/v1/customers', list),
  route('GET', '/v1/customers/:id', retrieve),
  route('POST', '/v1/customers/:id', (ctx, id) => applyExpand(ctx.state, update(ctx, id), ctx.params)),
  route('DELETE', '/v1/customers/:id', del),
  route('GET', '/v1/customers/:id/payment_methods', (ctx, id) => {
    requireCustomer(ctx, id, 'customer');
    return paginate(listCustomerPaymentMethods(ctx, id), ctx.params, `/v1/customers/${id}/payment_methods`);
  }),
  route('GET', '/v1/customers/:id/payment_methods/:pm', (ctx, id, pmId) => {
    requireCustomer(ctx, id, 'customer');
    const pm = ctx.state.paymentMethods.get(pmId);
    if (!pm || pm.customer !== id) throw noSuch('PaymentMethod', pmId, 'payment_method');
    return pm;
  }),
];
