// /v1/webhook_endpoints: the signing secret is returned only by create, exactly as Stripe does, so
// the app has to store it then. Disabled endpoints (`disabled=true`) receive nothing.
import type Stripe from 'stripe';
import { route, type RequestContext, type Route } from '../context';
import { invalidRequest, missingParam, noSuch } from '../errors';
import { mergeMetadata, optBool, optNullableString, optString, optStringArray } from '../form';
import { newId, nowSeconds, randomAlnum } from '../ids';
import { newestFirst, paginate } from '../lists';
import { API_VERSION } from '../webhooks';

function validUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return url;
  } catch {
    // fall through
  }
  throw invalidRequest(`Invalid URL: ${url}. URLs must begin with http:// or https://`, { param: 'url', code: 'url_invalid' });
}

function enabledEvents(ctx: RequestContext, required: boolean): string[] | undefined {
  const events = optStringArray(ctx.params, 'enabled_events');
  if (events === undefined) {
    if (required) throw missingParam('enabled_events');
    return undefined;
  }
  if (events.length === 0) throw invalidRequest('enabled_events must contain at least one event type.', { param: 'enabled_events' });
  for (const e of events) {
    if (e !== '*' && !/^[a-z_]+(\.[a-z_]+)+$/.test(e)) throw invalidRequest(`Invalid event type: ${e}`, { param: 'enabled_events' });
  }
  return events;
}

function requireEndpoint(ctx: RequestContext, id: string): Stripe.WebhookEndpoint {
  const endpoint = ctx.state.webhookEndpoints.get(id);
  if (!endpoint) throw noSuch('webhook endpoint', id, 'id');
  return endpoint;
}

/**
 * Events are rendered in one API version only (the SDK's). An endpoint asking for another would
 * silently receive shapes it did not ask for, so it is refused clearly instead.
 */
function renderableApiVersion(ctx: RequestContext): string | null {
  const requested = optString(ctx.params, 'api_version');
  if (requested && requested !== API_VERSION) {
    throw invalidRequest(`This Stripe emulator renders events in API version ${API_VERSION} only; it cannot send events in ${requested}. Create the endpoint with api_version=${API_VERSION} or without api_version.`, { param: 'api_version' });
  }
  return requested ?? null;
}

function create(ctx: RequestContext): Stripe.WebhookEndpoint {
  const url = optString(ctx.params, 'url');
  if (!url) throw missingParam('url');
  const apiVersion = renderableApiVersion(ctx);
  const endpoint: Stripe.WebhookEndpoint = {
    id: newId('we'),
    object: 'webhook_endpoint',
    api_version: apiVersion,
    application: null,
    created: nowSeconds(),
    description: optString(ctx.params, 'description') ?? null,
    enabled_events: enabledEvents(ctx, true) ?? [],
    livemode: ctx.livemode,
    metadata: mergeMetadata({}, ctx.params),
    status: 'enabled',
    url: validUrl(url),
  };
  const secret = `whsec_${randomAlnum(32)}`;
  // connect=true: the platform's Connect endpoint, fed its connected accounts' events (webhooks.ts).
  if (optBool(ctx.params, 'connect')) ctx.state.record.connectEndpoints = [...(ctx.state.record.connectEndpoints ?? []), endpoint.id];
  ctx.state.webhookEndpoints.set(endpoint.id, endpoint);
  ctx.state.endpointSecrets.set(endpoint.id, secret);
  return { ...endpoint, secret };
}

function update(ctx: RequestContext, id: string): Stripe.WebhookEndpoint {
  const endpoint = requireEndpoint(ctx, id);
  const url = optString(ctx.params, 'url');
  if (url) endpoint.url = validUrl(url);
  const events = enabledEvents(ctx, false);
  if (events) endpoint.enabled_events = events;
  const description = optNullableString(ctx.params, 'description');
  if (description !== undefined) endpoint.description = description;
  const disabled = optBool(ctx.params, 'disabled');
  if (disabled !== undefined) endpoint.status = disabled ? 'disabled' : 'enabled';
  endpoint.metadata = mergeMetadata(endpoint.metadata, ctx.params);
  return endpoint;
}

export const webhookEndpointRoutes: Route[] = [
  route('POST', '/v1/webhook_endpoints', create),
  route('GET', '/v1/webhook_endpoints', (ctx) => paginate(newestFirst(ctx.state.webhookEndpoints), ctx.params, '/v1/webhook_endpoints')),
  route('GET', '/v1/webhook_endpoints/:id', requireEndpoint),
  route('POST', '/v1/webhook_endpoints/:id', update),
  route('DELETE', '/v1/webhook_endpoints/:id', (ctx, id): Stripe.DeletedWebhookEndpoint => {
    requireEndpoint(ctx, id);
    ctx.state.webhookEndpoints.delete(id);
    ctx.state.endpointSecrets.delete(id);
    return { id, object: 'webhook_endpoint', deleted: true };
  }),
];
