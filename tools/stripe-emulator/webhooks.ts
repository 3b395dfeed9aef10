// Events and signed webhook delivery. Each event is stored with a snapshot of its object, then
// POSTed to every enabled endpoint of the same account that subscribes to its type (or `*`),
// signed like Stripe (`t=…,v1=HMAC-SHA256(secret, "t.body")`), retried on failure, every attempt
// recorded for tests. Deliveries to one endpoint go out one at a time in creation order (Stripe does
// not promise order; tests that need disorder use pause/resume with `order`).
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type Stripe from 'stripe';
import { snapshot } from './context';
import { stripAllIncludable } from './expand';
import { newId, nowSeconds } from './ids';
import type { AccountState, EmulatorEvent } from './store';

export const API_VERSION = '2026-10-28.endive';

export interface DeliveryAttempt {
  eventId: string;
  type: string;
  account: string;
  endpointId: string;
  url: string;
  attempt: number;
  /** HTTP status, or null when the connection failed. */
  status: number | null;
  ok: boolean;
  error?: string;
  at: string;
}

export type ResumeOrder = 'original' | 'reverse' | 'shuffle';

export function endpointWants(endpoint: Stripe.WebhookEndpoint, type: string): boolean {
  return endpoint.status === 'enabled' && (endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(type));
}

export function createEvent(
  state: AccountState,
  type: Stripe.Event.Type,
  object: object,
  previousAttributes: Record<string, unknown> | undefined,
  request: { id: string | null; idempotency_key: string | null } | null,
  created: number = nowSeconds(),
): EmulatorEvent {
  const pending = [...state.webhookEndpoints.values()].filter((e) => endpointWants(e, type)).length;
  const event: EmulatorEvent = {
    id: newId('evt'),
    object: 'event',
    api_version: API_VERSION,
    created,
    // Like Stripe, payloads never carry includable fields (invoice.payments, charge.refunds, …).
    data: { object: stripAllIncludable(snapshot(object)), ...(previousAttributes ? { previous_attributes: snapshot(previousAttributes) } : {}) },
    livemode: state.record.mode === 'live',
    pending_webhooks: pending,
    request,
    type,
  };
  state.events.set(event.id, event);
  return event;
}

export function signPayload(payload: string, secret: string, timestamp = nowSeconds()): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

function post(url: string, body: string, signature: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        timeout: 15_000,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': Buffer.byteLength(body),
          'Stripe-Signature': signature,
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Cache-Control': 'no-cache',
          Accept: '*/*; q=0.5, application/xml',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

interface Job {
  state: AccountState;
  event: EmulatorEvent;
  platforms?: string[];
}

export class WebhookDispatcher {
  readonly attempts: DeliveryAttempt[] = [];
  /** Looks accounts up by id: a connected account's events also go to its platforms' Connect endpoints. */
  resolveAccount: (id: string) => AccountState | undefined = () => undefined;
  private paused = false;
  private queue: Job[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly chains = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly retryDelaysMs: number[]) {}

  /**
   * Called after the API response went out (or by control routes). The account's own endpoints get
   * the event; so do the Connect endpoints (`connect=true`) of every platform connected to it, with
   * `account` set, as Stripe does. `platforms` overrides the connected platforms (a deauthorization
   * is still told to the platform that just lost access).
   */
  dispatch(state: AccountState, event: EmulatorEvent, platforms?: string[]): void {
    if (this.paused) {
      this.queue.push({ state, event, ...(platforms ? { platforms } : {}) });
      return;
    }
    const ownConnect = new Set(state.record.connectEndpoints ?? []);
    for (const endpoint of state.webhookEndpoints.values()) {
      if (ownConnect.has(endpoint.id) || !endpointWants(endpoint, event.type)) continue;
      this.enqueue(state, event, endpoint.id);
    }
    for (const platformId of platforms ?? state.record.platforms ?? []) {
      const platform = this.resolveAccount(platformId);
      if (!platform) continue;
      const forPlatform: EmulatorEvent = { ...event, account: state.record.id };
      for (const endpointId of platform.record.connectEndpoints ?? []) {
        const endpoint = platform.webhookEndpoints.get(endpointId);
        if (endpoint && endpointWants(endpoint, event.type)) this.enqueue(platform, forPlatform, endpointId);
      }
    }
  }

  private enqueue(state: AccountState, event: EmulatorEvent, endpointId: string): void {
    const previous = this.chains.get(endpointId) ?? Promise.resolve();
    this.working += 1;
    const next = previous.then(() => this.attempt(state, event, endpointId, 1)).finally(() => {
      this.working -= 1;
    });
    this.chains.set(endpointId, next);
  }

  /** Deliveries queued or waiting for a retry (idle() waits for none). */
  private working = 0;

  /** Resolves once every delivery so far has been answered and no retry is waiting. */
  get busy(): boolean {
    return this.working > 0;
  }

  async idle(): Promise<void> {
    while (this.working > 0) await new Promise((r) => setTimeout(r, 10));
  }

  pause(): void {
    this.paused = true;
  }

  resume(order: ResumeOrder = 'original'): number {
    this.paused = false;
    const jobs = this.queue;
    this.queue = [];
    if (order === 'reverse') jobs.reverse();
    if (order === 'shuffle') jobs.sort(() => Math.random() - 0.5);
    for (const job of jobs) this.dispatch(job.state, job.event, job.platforms);
    return jobs.length;
  }

  get queued(): number {
    return this.queue.length;
  }

  close(): void {
    this.closed = true;
    this.working -= this.timers.size;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queue = [];
  }

  reset(): void {
    this.working -= this.timers.size; // retries that will never run
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queue = [];
    this.chains.clear();
    this.attempts.length = 0;
    this.paused = false;
  }

  private async attempt(state: AccountState, event: EmulatorEvent, endpointId: string, attempt: number): Promise<void> {
    const endpoint = state.webhookEndpoints.get(endpointId);
    const secret = state.endpointSecrets.get(endpointId);
    // Endpoint deleted/disabled between attempts (or emulator closing): stop quietly like Stripe.
    if (this.closed || !endpoint || !secret || endpoint.status !== 'enabled') return;
    const body = JSON.stringify(event, null, 2);
    const record: DeliveryAttempt = {
      eventId: event.id,
      type: event.type,
      account: event.account ?? state.record.id,
      endpointId,
      url: endpoint.url,
      attempt,
      status: null,
      ok: false,
      at: new Date().toISOString(),
    };
    try {
      record.status = await post(endpoint.url, body, signPayload(body, secret));
      record.ok = record.status >= 200 && record.status < 300;
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err);
    }
    if (this.closed) return;
    this.attempts.push(record);
    if (record.ok) {
      event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
      return;
    }
    const delay = this.retryDelaysMs[attempt - 1];
    if (delay === undefined) return; // gave up; the event stays pending (delivery_success=false)
    this.working += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(state, event, endpointId, attempt + 1).finally(() => {
        this.working -= 1;
      });
    }, delay);
    this.timers.add(timer);
  }
}
