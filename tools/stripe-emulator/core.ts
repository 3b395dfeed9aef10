// The emulator's shared state: store, webhook dispatcher, latency knob, and a factory for request
// contexts (also used by control routes that act on an account without presenting its keys).
import type Stripe from 'stripe';
import type { RequestContext } from './context';
import type { Params } from './form';
import { newId } from './ids';
import { Store, type AccountState, type EmulatorEvent, type KeyKind } from './store';
import { createEvent, WebhookDispatcher } from './webhooks';

export class EmulatorCore {
  readonly store = new Store();
  readonly webhooks: WebhookDispatcher;
  latencyMs = 0;
  /** Simulated outage: API requests get their connection dropped (the SDK sees a connection error). */
  unreachable = false;
  /** The next this many API requests answer 429 rate_limit, as Stripe does over an account's limit. */
  rateLimitNext = 0;
  baseUrl = '';
  /** How long a new refund stays `pending` before it succeeds (refund.updated), as card refunds do. */
  refundSettleMs: number;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Sees every /v1 response as sent (the response-shape test checks each against the SDK's types). */
  onResponse: ((response: { method: string; path: string; status: number; body: unknown }) => void) | null = null;
  /** Called after anything that may have changed state (persistence.ts saves then). */
  onChange: (() => void) | null = null;

  constructor(retryDelaysMs: number[], refundSettleMs = 100) {
    this.webhooks = new WebhookDispatcher(retryDelaysMs);
    this.webhooks.resolveAccount = (id) => this.store.accounts.get(id);
    this.refundSettleMs = refundSettleMs;
  }

  /** Runs a step of asynchronous work later, in a fresh context, then delivers its events. */
  private schedule(state: AccountState, path: string, delayMs: number, step: (ctx: RequestContext) => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.store.accounts.has(state.record.id)) return; // reset meanwhile
      const pending: EmulatorEvent[] = [];
      step(this.makeContext(state, { method: 'POST', path, params: {} }, pending));
      this.flush(state, pending);
      this.onChange?.();
    }, delayMs);
    this.timers.add(timer);
  }

  /**
   * Resolves when nothing is left to do: no scheduled step (a refund settling), no event waiting to
   * be flushed, no webhook delivery in flight or waiting for a retry. The demo's history seeding
   * waits for this between steps, as a person would wait for the portal to catch up.
   */
  async idle(): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      await this.webhooks.idle();
      if (this.timers.size === 0 && !this.webhooks.busy) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Drops work not yet done (reset, close). */
  cancelScheduled(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  makeContext(
    state: AccountState,
    init: { method: string; path: string; params: Params; key?: string; keyKind?: KeyKind; idempotencyKey?: string | null; stripeAccount?: string | null },
    pending: EmulatorEvent[],
  ): RequestContext {
    const requestId = newId('req');
    const idempotencyKey = init.idempotencyKey ?? null;
    return {
      method: init.method,
      path: init.path,
      params: init.params,
      state,
      stripeAccount: init.stripeAccount ?? null,
      key: init.key ?? state.record.secretKey,
      keyKind: init.keyKind ?? 'secret',
      livemode: state.record.mode === 'live',
      requestId,
      idempotencyKey,
      baseUrl: this.baseUrl,
      store: this.store,
      refundSettleMs: this.refundSettleMs,
      emit: (type: Stripe.Event.Type, object: object, previous?: Record<string, unknown>, opts?: { created?: number }) => {
        const event = createEvent(state, type, object, previous, { id: requestId, idempotency_key: idempotencyKey }, opts?.created);
        pending.push(event);
        return event;
      },
      later: (delayMs, step) => this.schedule(state, init.path, delayMs, step),
    };
  }

  /** Delivers events recorded during a request; called once its response has been written. */
  flush(state: AccountState, pending: EmulatorEvent[]): void {
    for (const event of pending) this.webhooks.dispatch(state, event);
  }

  reset(): void {
    this.cancelScheduled();
    this.store.reset();
    this.webhooks.reset();
    this.latencyMs = 0;
    this.unreachable = false;
    this.rateLimitNext = 0;
  }
}
