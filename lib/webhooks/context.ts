import type Stripe from "stripe";
import type { Tx } from "@/db/client";
import type { StripeMode } from "@/db/schema";
import type { FastPlan, FastScope } from "./fast-path";
import type { HandledEventType } from "./handled-events";

/** Objects a projection may need to retrieve from Stripe to settle a same-second tie. */
export type FetchableObjects = {
  subscription: Stripe.Subscription;
  payment_intent: Stripe.PaymentIntent;
  invoice: Stripe.Invoice;
  customer: Stripe.Customer | Stripe.DeletedCustomer;
  refund: Stripe.Refund;
  payment_method: Stripe.PaymentMethod;
  checkout_session: Stripe.Checkout.Session;
};
export type FetchableKind = keyof FetchableObjects;
export type LatestFetcher = <K extends FetchableKind>(kind: K, id: string) => Promise<FetchableObjects[K]>;

/** The tenant and mode a row belongs to: all a row's values need. */
export type RowScope = { tenantId: string; mode: StripeMode };

/** What every handler receives: the open exactly-once transaction and the event's identity. */
export type ProjectionContext = {
  tx: Tx;
  tenantId: string;
  mode: StripeMode;
  eventId: string;
  /** The event's `created` (unix seconds): the ordering watermark of every row it writes. */
  created: number;
  fetchLatest: LatestFetcher;
};

export type HandlerOutcome = { status: "processed"; note?: string } | { status: "ignored"; note: string };

export type EventOf<T extends Stripe.Event.Type> = Extract<Stripe.Event, { type: T }>;

export type WebhookHandler<T extends Stripe.Event.Type = Stripe.Event.Type> = {
  /** A short name for logs and errors, e.g. "subscription". */
  name: string;
  types: readonly T[];
  handle: (ctx: ProjectionContext, event: EventOf<T>) => Promise<HandlerOutcome>;
  /**
   * The same writes as one FastPlan (fast-path.ts), when they need no decision in code for this
   * event; null (or no `fast`) sends the event to the general path.
   */
  fast?: (scope: FastScope, event: EventOf<T>) => FastPlan | null;
};

/** A handler with its event type erased, as the registry stores it. */
export type RegisteredHandler = {
  name: string;
  types: readonly HandledEventType[];
  run: (ctx: ProjectionContext, event: Stripe.Event) => Promise<HandlerOutcome>;
  fastPlan: (scope: FastScope, event: Stripe.Event) => FastPlan | null;
};

/**
 * Typed constructor: inside `handle`, `event` is narrowed to exactly the listed types, and only
 * types in HANDLED_EVENT_TYPES may be listed (so webhook endpoints subscribe to them).
 */
export function defineHandler<T extends HandledEventType>(handler: WebhookHandler<T>): RegisteredHandler {
  return {
    name: handler.name,
    types: handler.types,
    // The registry only calls `run` for the handler's own `types`, so the narrowing holds.
    run: (ctx, event) => handler.handle(ctx, event as EventOf<T>),
    fastPlan: (scope, event) => handler.fast?.(scope, event as EventOf<T>) ?? null,
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
