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
  baseUrl = '';
  /** Sees every /v1 response as sent (the response-shape test checks each against the SDK's types). */
  onResponse: ((response: { method: string; path: string; status: number; body: unknown }) => void) | null = null;

  constructor(retryDelaysMs: number[]) {
    this.webhooks = new WebhookDispatcher(retryDelaysMs);
  }

  makeContext(
    state: AccountState,
    init: { method: string; path: string; params: Params; key?: string; keyKind?: KeyKind; idempotencyKey?: string | null },
    pending: EmulatorEvent[],
  ): RequestContext {
    const requestId = newId('req');
    const idempotencyKey = init.idempotencyKey ?? null;
    return {
      method: init.method,
      path: init.path,
      params: init.params,
      state,
      key: init.key ?? state.record.secretKey,
      keyKind: init.keyKind ?? 'secret',
      livemode: state.record.mode === 'live',
      requestId,
      idempotencyKey,
      baseUrl: this.baseUrl,
      emit: (type: Stripe.Event.Type, object: object, previous?: Record<string, unknown>, opts?: { created?: number }) => {
        const event = createEvent(state, type, object, previous, { id: requestId, idempotency_key: idempotencyKey }, opts?.created);
        pending.push(event);
        return event;
      },
    };
  }

  /** Delivers events recorded during a request; called once its response has been written. */
  flush(state: AccountState, pending: EmulatorEvent[]): void {
    for (const event of pending) this.webhooks.dispatch(state, event);
  }

  reset(): void {
    this.store.reset();
    this.webhooks.reset();
    this.latencyMs = 0;
    this.unreachable = false;
  }
}
