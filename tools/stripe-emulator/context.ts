// What every route handler receives, and the tiny route table helper. Handlers are synchronous
// and return the JSON body (status 200) or throw a StripeApiError; that keeps a double-clicked
// request from interleaving with itself, and lets the server store idempotent responses.
import type Stripe from 'stripe';
import type { Params } from './form';
import type { AccountState, EmulatorEvent, KeyKind, Store } from './store';

export interface RequestContext {
  method: string;
  path: string;
  /** Query string for GET/DELETE, form body for POST (Stripe accepts either for GET params). */
  params: Params;
  state: AccountState;
  /**
   * The connected account named by the `Stripe-Account` header (a platform acting in it), or null.
   * `state` is then that account's; events read this way carry `account`, as Stripe's do.
   */
  stripeAccount: string | null;
  key: string;
  keyKind: KeyKind;
  livemode: boolean;
  requestId: string;
  idempotencyKey: string | null;
  /** How long a new refund stays pending (startStripeEmulator({ refundSettleMs }), default 100 ms). */
  refundSettleMs: number;
  /** Base URL of the emulator, e.g. http://127.0.0.1:12111 (used in next_action URLs). */
  baseUrl: string;
  /** Every account: Connect routes create accounts (POST /v1/accounts) and find the platform's connected ones. */
  store: Store;
  /**
   * Records an event now; it is delivered to webhooks only after the response is sent. `created`
   * pins the event's second (events Stripe sends together, e.g. invoice.paid + payment_succeeded).
   */
  emit(type: Stripe.Event.Type, object: object, previousAttributes?: Record<string, unknown>, opts?: { created?: number }): EmulatorEvent;
  /**
   * Runs `step` after this request, as Stripe finishes asynchronous work (a refund settling) on its
   * own; `step` gets a context of its own whose events are delivered when it returns.
   */
  later(delayMs: number, step: (ctx: RequestContext) => void): void;
}

export type Handler = (ctx: RequestContext, ...ids: string[]) => unknown;

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** As written, e.g. /v1/prices/:id (the spec generator matches it to the SDK's operation). */
  path: string;
  pattern: RegExp;
  handler: Handler;
  /** Browser-side endpoints that real Stripe lets a publishable key call. */
  publishable: boolean;
}

export function route(method: Route['method'], path: string, handler: Handler, opts: { publishable?: boolean } = {}): Route {
  const pattern = new RegExp(`^${path.replace(/:[a-z_]+/g, '([^/]+)')}$`);
  return { method, path, pattern, handler, publishable: opts.publishable ?? false };
}

/** Deep copy for snapshots (event payloads, idempotent replays) so later mutation can't leak in. */
export function snapshot<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
