// /v1/events: list (type with `*` wildcards as Stripe allows, types[], delivery_success, created as
// a timestamp or a gt/gte/lt/lte range) and retrieve.
import { route, type RequestContext, type Route } from '../context';
import type { EmulatorEvent } from '../store';
import { noSuch } from '../errors';
import { optBool, optInt, optString, optStringArray, type Params } from '../form';
import { newestFirst, paginate } from '../lists';

function typeMatches(pattern: string, type: string): boolean {
  if (!pattern.includes('*')) return pattern === type;
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.]/g, '\\.')).join('.*')}$`);
  return re.test(type);
}

/** `created=123` or `created[gte]=123&created[lt]=456`, as Stripe's list endpoints take it. */
function createdFilter(params: Params): (created: number) => boolean {
  const raw = params.created;
  if (raw === undefined) return () => true;
  if (typeof raw === 'string') {
    const exact = optInt(params, 'created');
    return (c) => c === exact;
  }
  if (Array.isArray(raw)) return () => true;
  const [gt, gte, lt, lte] = (['gt', 'gte', 'lt', 'lte'] as const).map((k) => optInt(raw, k));
  return (c) => (gt === undefined || c > gt) && (gte === undefined || c >= gte) && (lt === undefined || c < lt) && (lte === undefined || c <= lte);
}

/**
 * Stripe: an event of a connected account, read by its platform (`Stripe-Account`), names the
 * account in `account`, as its Connect webhook delivery does; read with the account's own key it
 * does not. A platform's reconciliation routes recovered events to the tenant by it.
 */
function asRead(ctx: RequestContext, event: EmulatorEvent): EmulatorEvent {
  return ctx.stripeAccount ? { ...event, account: ctx.stripeAccount } : event;
}

export const eventRoutes: Route[] = [
  route('GET', '/v1/events', (ctx) => {
    const type = optString(ctx.params, 'type');
    const types = optStringArray(ctx.params, 'types');
    const deliverySuccess = optBool(ctx.params, 'delivery_success');
    const inRange = createdFilter(ctx.params);
    const items = newestFirst(ctx.state.events).filter(
      (e) =>
        inRange(e.created) &&
        (type === undefined || typeMatches(type, e.type)) &&
        (types === undefined || types.includes(e.type)) &&
        // Stripe: false = still pending or failed for some endpoint; true = every endpoint got it.
        (deliverySuccess === undefined || deliverySuccess === (e.pending_webhooks === 0)),
    );
    const page = paginate(items, ctx.params, '/v1/events');
    return { ...page, data: page.data.map((e) => asRead(ctx, e)) };
  }),
  route('GET', '/v1/events/:id', (ctx, id) => {
    const event = ctx.state.events.get(id);
    if (!event) throw noSuch('event', id, 'id');
    return asRead(ctx, event);
  }),
];
