// /v1/events: list (type with `*` wildcards as Stripe allows, types[], delivery_success) and retrieve.
import { route, type Route } from '../context';
import { noSuch } from '../errors';
import { optBool, optString, optStringArray } from '../form';
import { newestFirst, paginate } from '../lists';

function typeMatches(pattern: string, type: string): boolean {
  if (!pattern.includes('*')) return pattern === type;
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.]/g, '\\.')).join('.*')}$`);
  return re.test(type);
}

export const eventRoutes: Route[] = [
  route('GET', '/v1/events', (ctx) => {
    const type = optString(ctx.params, 'type');
    const types = optStringArray(ctx.params, 'types');
    const deliverySuccess = optBool(ctx.params, 'delivery_success');
    const items = newestFirst(ctx.state.events).filter(
      (e) =>
        (type === undefined || typeMatches(type, e.type)) &&
        (types === undefined || types.includes(e.type)) &&
        // Stripe: false = still pending or failed for some endpoint; true = every endpoint got it.
        (deliverySuccess === undefined || deliverySuccess === (e.pending_webhooks === 0)),
    );
    return paginate(items, ctx.params, '/v1/events');
  }),
  route('GET', '/v1/events/:id', (ctx, id) => {
    const event = ctx.state.events.get(id);
    if (!event) throw noSuch('event', id, 'id');
    return event;
  }),
];
