import type Stripe from "stripe";
import type { Tx } from "@/db/client";
import type { StripeMode } from "@/db/schema";
import type { FastGuard } from "./fast-path";
import type { HandledEventType } from "./handled-events";
import type { Plan } from "./projection";

/** Objects a projection may need to retrieve from Stripe to settle a same-second tie. */
export type FetchableObjects = {
  subscription: Stripe.Subscription;
  payment_intent: Stripe.PaymentIntent;
  invoice: Stripe.Invoice;
  customer: Stripe.Customer | Stripe.DeletedCustomer;
  refund: Stripe.Refund;
  payment_method: Stripe.PaymentMethod;
  checkout_session: Stripe.Checkout.Session;
  /** A product deleted in Stripe retrieves as `{ id, object, deleted: true }` (see fetch-latest.ts). */
  product: Stripe.Product | Stripe.DeletedProduct;
  price: Stripe.Price;
  dispute: Stripe.Dispute;
  /** A coupon deleted in Stripe retrieves as `{ id, object, deleted: true }` (see process-event.ts). */
  coupon: Stripe.Coupon | Stripe.DeletedCoupon;
  promotion_code: Stripe.PromotionCode;
};
export type FetchableKind = keyof FetchableObjects;
export type LatestFetcher = <K extends FetchableKind>(kind: K, id: string) => Promise<FetchableObjects[K]>;

/** The tenant and mode a row belongs to: all a row's values need. */
export type RowScope = { tenantId: string; mode: StripeMode };

/** The event's identity as a plan needs it (no database handle: plans are pure declarations). */
export type PlanScope = RowScope & { eventId: string; created: number };

/** What the general path applied for a projection of this event (see apply.ts). */
export type AppliedProjection = { result: "applied" | "skipped" | "resolved_tie"; object: unknown };

/** What a handler's code step receives: the open exactly-once transaction and the event's identity. */
export type ProjectionContext = PlanScope & {
  tx: Tx;
  /**
   * Inside the transaction this never goes to the network: it answers copies retrieved before the
   * transaction began, or throws RetrieveFirst so that process-event.ts rolls back, retrieves, and
   * runs the transaction again (no lock or connection is ever held across a call to Stripe).
   */
  fetchLatest: LatestFetcher;
  /** What each projection of this event did, by `${table}:${stripeId}` (apply.ts fills it). */
  applied: Map<string, AppliedProjection>;
  /** Runs once the transaction has committed (never if it rolls back): e.g. nudging the mail relay. */
  afterCommit: (task: () => Promise<void>) => void;
};

export type HandlerOutcome = { status: "processed"; note?: string } | { status: "ignored"; note: string };

export type EventOf<T extends Stripe.Event.Type> = Extract<Stripe.Event, { type: T }>;

export type WebhookHandler<T extends Stripe.Event.Type = Stripe.Event.Type> = {
  /** A short name for logs and errors, e.g. "subscription". */
  name: string;
  types: readonly T[];
  /** The rows the event writes, as a declaration both paths execute (projection.ts). */
  plan?: (scope: PlanScope, event: EventOf<T>) => Plan | null;
  /**
   * Decisions that need code (credits, notices), run in the general transaction after the plan.
   * Must be a no-op for events that need no decision; null leaves the event's outcome to the others.
   */
  decide?: (ctx: ProjectionContext, event: EventOf<T>) => Promise<HandlerOutcome | null>;
  /**
   * May the one-statement fast path take this event? Default: yes without `decide`, no with it.
   * A FastGuard lets it take the event when an SQL condition holds (e.g. "no portal buyer").
   */
  fastWhen?: (scope: PlanScope, event: EventOf<T>) => boolean | FastGuard;
  /**
   * Keys of the money this event touches (e.g. its PaymentIntent). The general path takes a
   * transaction-scoped advisory lock on each, before anything else, so that effects of different
   * events on the same payment (credits, clawbacks) run one after the other and see each other.
   */
  serializeOn?: (event: EventOf<T>) => (string | null)[];
};

/** A handler with its event type erased, as the registry stores it. */
export type RegisteredHandler = {
  name: string;
  types: readonly HandledEventType[];
  plan: (scope: PlanScope, event: Stripe.Event) => Plan | null;
  decide: ((ctx: ProjectionContext, event: Stripe.Event) => Promise<HandlerOutcome | null>) | null;
  fastWhen: (scope: PlanScope, event: Stripe.Event) => boolean | FastGuard;
  serializeOn: (event: Stripe.Event) => string[];
};

/**
 * Typed constructor: inside the callbacks, `event` is narrowed to exactly the listed types, and
 * only types in HANDLED_EVENT_TYPES may be listed (so webhook endpoints subscribe to them).
 * The registry only calls them for the handler's own `types`, so the casts below hold.
 */
export function defineHandler<T extends HandledEventType>(handler: WebhookHandler<T>): RegisteredHandler {
  const { decide, plan, fastWhen, serializeOn } = handler;
  return {
    name: handler.name,
    types: handler.types,
    plan: (scope, event) => plan?.(scope, event as EventOf<T>) ?? null,
    decide: decide ? (ctx, event) => decide(ctx, event as EventOf<T>) : null,
    fastWhen: (scope, event) => (fastWhen ? fastWhen(scope, event as EventOf<T>) : !decide),
    serializeOn: (event) => (serializeOn?.(event as EventOf<T>) ?? []).filter((k): k is string => !!k),
  };
}

/** Stripe fields that are either an id or the expanded object. */
export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value == null) return null;
  return typeof value === "string" ? value : value.id;
}

export function toDate(seconds: number | null | undefined): Date | null {
  return seconds == null ? null : new Date(seconds * 1000);
}
