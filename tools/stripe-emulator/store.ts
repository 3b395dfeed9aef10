// In-memory state, partitioned by account: every API key resolves to exactly one account, and every
// lookup goes through that account's maps, so two tenants' Stripe accounts can never see each other.
import type Stripe from 'stripe';
import { newId, nowSeconds, randomAlnum } from './ids';
import { fullPermissions, type RestrictedPermissions } from './permissions';

export type Mode = 'test' | 'live';
export type KeyKind = 'secret' | 'publishable' | 'restricted';

/** Events are built generically; `Stripe.Event` is a union of ~250 typed variants. */
export type EmulatorEvent = Stripe.EventBase & {
  data: { object: object; previous_attributes?: Record<string, unknown> };
};

export interface AccountRecord {
  id: string;
  name: string;
  mode: Mode;
  email: string;
  created: number;
  secretKey: string;
  publishableKey: string;
  restrictedKey: string;
  revoked: boolean;
  /** What the restricted key may do per resource (permissions.ts); the secret key may do everything. */
  permissions: RestrictedPermissions;
  /** Connect: this account as a platform has this OAuth client id (ca_…). */
  connectClientId?: string;
  /** Connect: platforms (account ids) that may act in this account with `Stripe-Account`. */
  platforms?: string[];
  /** Connect: this platform's endpoints registered with `connect=true` (they get connected accounts' events). */
  connectEndpoints?: string[];
  /** As GET /v1/account shows it (account.updated changes them through a control route). */
  chargesEnabled?: boolean;
  payoutsEnabled?: boolean;
  currentlyDue?: string[];
  /** Connect Onboarding: false until the owner completes the hosted form (accounts made by OAuth or control are complete). */
  detailsSubmitted?: boolean;
  /** Connect Onboarding: the `controller` the platform created the account with. */
  controller?: Stripe.Account.Controller;
  metadata?: Record<string, string>;
}

/** An Account Link (POST /v1/account_links): the hosted onboarding page's single-use URL. */
export interface AccountLinkGrant {
  accountId: string;
  platformId: string;
  returnUrl: string;
  refreshUrl: string;
  expiresAt: number;
  /** Stripe's links work once: a second visit goes to refresh_url. */
  visited: boolean;
  /** The form was completed or left: the link is spent. */
  done: boolean;
}

/** An OAuth authorization code from the stand-in authorize page, waiting for POST /oauth/token. */
export interface OAuthCode {
  platformId: string;
  accountName: string;
  /** An existing account to connect (control tests), else a new one is created at token time. */
  accountId?: string;
  expiresAt: number;
}

export interface StoredResponse {
  method: string;
  path: string;
  bodyHash: string;
  status: number;
  body: unknown;
}

export interface AccountState {
  record: AccountRecord;
  customers: Map<string, Stripe.Customer>;
  deletedCustomers: Set<string>;
  paymentMethods: Map<string, Stripe.PaymentMethod>;
  /** Card number behind each PaymentMethod, never exposed: decides the outcome on confirm. */
  cardNumbers: Map<string, string>;
  paymentIntents: Map<string, Stripe.PaymentIntent>;
  setupIntents: Map<string, Stripe.SetupIntent>;
  charges: Map<string, Stripe.Charge>;
  refunds: Map<string, Stripe.Refund>;
  webhookEndpoints: Map<string, Stripe.WebhookEndpoint>;
  endpointSecrets: Map<string, string>;
  events: Map<string, EmulatorEvent>;
  idempotency: Map<string, StoredResponse>;
}

export interface KeyOwner {
  accountId: string;
  kind: KeyKind;
}

export class Store {
  readonly accounts = new Map<string, AccountState>();
  private readonly keys = new Map<string, KeyOwner>();

  /** Connect OAuth codes (single use, a few minutes), by code. Not persisted: a restart voids them as Stripe's expire. */
  readonly oauthCodes = new Map<string, OAuthCode>();

  /** Account Links by token (the `/setup/s/{token}` page). Not persisted: Stripe's expire within minutes anyway. */
  readonly accountLinks = new Map<string, AccountLinkGrant>();

  createAccount(opts: { mode?: Mode; name?: string; email?: string; secretKey?: string; publishableKey?: string; connectClientId?: string } = {}): AccountState {
    const mode = opts.mode ?? 'test';
    const id = `acct_1${randomAlnum(15)}`;
    const record: AccountRecord = {
      id,
      mode,
      name: opts.name ?? `Emulated account ${id.slice(-4)}`,
      email: opts.email ?? `owner+${id.slice(-6).toLowerCase()}@example.test`,
      created: nowSeconds(),
      secretKey: opts.secretKey ?? `sk_${mode}_${randomAlnum(32)}`,
      publishableKey: opts.publishableKey ?? `pk_${mode}_${randomAlnum(32)}`,
      restrictedKey: `rk_${mode}_${randomAlnum(32)}`,
      revoked: false,
      permissions: fullPermissions(),
      connectClientId: opts.connectClientId ?? `ca_${randomAlnum(32)}`,
    };
    const state: AccountState = {
      record,
      customers: new Map(),
      deletedCustomers: new Set(),
      paymentMethods: new Map(),
      cardNumbers: new Map(),
      paymentIntents: new Map(),
      setupIntents: new Map(),
      charges: new Map(),
      refunds: new Map(),
      webhookEndpoints: new Map(),
      endpointSecrets: new Map(),
      events: new Map(),
      idempotency: new Map(),
    };
    this.accounts.set(id, state);
    this.keys.set(record.secretKey, { accountId: id, kind: 'secret' });
    this.keys.set(record.publishableKey, { accountId: id, kind: 'publishable' });
    this.keys.set(record.restrictedKey, { accountId: id, kind: 'restricted' });
    return state;
  }

  /** Puts back an account saved by persistence.ts, with its keys. */
  adopt(state: AccountState): void {
    const r = state.record;
    this.accounts.set(r.id, state);
    this.keys.set(r.secretKey, { accountId: r.id, kind: 'secret' });
    this.keys.set(r.publishableKey, { accountId: r.id, kind: 'publishable' });
    this.keys.set(r.restrictedKey, { accountId: r.id, kind: 'restricted' });
  }

  /** Resolves a key to its account; revoked keys resolve to nothing (→ 401 like a rolled key). */
  findByKey(key: string): { state: AccountState; kind: KeyKind } | undefined {
    const owner = this.keys.get(key);
    if (!owner) return undefined;
    const state = this.accounts.get(owner.accountId);
    if (!state || state.record.revoked) return undefined;
    return { state, kind: owner.kind };
  }

  /** Finds an object by id in any account (control routes only: tests know ids, not keys). */
  findIntentAnywhere(id: string): AccountState | undefined {
    for (const state of this.accounts.values()) {
      if (state.paymentIntents.has(id) || state.setupIntents.has(id)) return state;
    }
    return undefined;
  }

  findEventAnywhere(id: string): { state: AccountState; event: EmulatorEvent } | undefined {
    for (const state of this.accounts.values()) {
      const event = state.events.get(id);
      if (event) return { state, event };
    }
    return undefined;
  }

  findByClientId(clientId: string): AccountState | undefined {
    for (const state of this.accounts.values()) if (state.record.connectClientId === clientId) return state;
    return undefined;
  }

  /** Connect: the account `accountId` when `platform` may act in it (Stripe-Account), else undefined. */
  connectedAccount(platform: AccountState, accountId: string): AccountState | undefined {
    const target = this.accounts.get(accountId);
    if (!target || !(target.record.platforms ?? []).includes(platform.record.id)) return undefined;
    return target;
  }

  reset(): void {
    this.accounts.clear();
    this.keys.clear();
    this.oauthCodes.clear();
    this.accountLinks.clear();
  }
}

export function clientSecretFor(id: string): string {
  return `${id}_secret_${randomAlnum(25)}`;
}

export { newId };
