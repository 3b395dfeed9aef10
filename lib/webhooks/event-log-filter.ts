import { z } from "zod";
import { WEBHOOK_EVENT_STATUSES, type StripeMode, type WebhookEventStatus } from "@/db/schema";

/** The statuses an event can have, for filters (components read them here, not from the schema). */
export { WEBHOOK_EVENT_STATUSES };

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const schema = z.object({
  type: z.string().trim().max(100).regex(/^[a-z0-9_.]*$/).optional().catch(undefined),
  status: z.enum(WEBHOOK_EVENT_STATUSES).optional().catch(undefined),
  mode: z.enum(["test", "live"]).optional().catch(undefined),
  from: date.optional().catch(undefined),
  to: date.optional().catch(undefined),
  before: z.string().max(100).optional().catch(undefined),
  event: z.string().regex(/^evt_[A-Za-z0-9_]{1,100}$/).optional().catch(undefined),
  replayed: z.enum(["processed", "ignored", "duplicate"]).optional().catch(undefined),
});

export type EventLogFilter = {
  /** One Stripe event id (evt_…), e.g. after a replay. */
  eventId?: string;
  /** Outcome of the replay that led here, shown as a notice. */
  replayed?: "processed" | "ignored" | "duplicate";
  type?: string;
  status?: WebhookEventStatus;
  mode?: StripeMode;
  /** As typed (yyyy-mm-dd), for the form. */
  fromText?: string;
  toText?: string;
  from?: Date;
  to?: Date;
  before?: { receivedAt: string; id: string };
};

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([0-9a-f-]{36})$/;

/** The event log's URL query → a safe filter. Anything malformed is dropped, never an error page. */
export function parseEventLogFilter(params: Record<string, string | string[] | undefined>): EventLogFilter {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]));
  const p = schema.parse(flat);
  const cursor = p.before ? CURSOR.exec(p.before) : null;
  return {
    ...(p.event ? { eventId: p.event } : {}),
    ...(p.replayed ? { replayed: p.replayed } : {}),
    ...(p.type ? { type: p.type } : {}),
    ...(p.status ? { status: p.status } : {}),
    ...(p.mode ? { mode: p.mode } : {}),
    ...(p.from ? { fromText: p.from, from: new Date(`${p.from}T00:00:00.000Z`) } : {}),
    ...(p.to ? { toText: p.to, to: new Date(`${p.to}T23:59:59.999Z`) } : {}),
    ...(cursor ? { before: { receivedAt: cursor[1]!, id: cursor[2]! } } : {}),
  };
}

export function cursorOf(row: { cursor: string; id: string }): string {
  return `${row.cursor}_${row.id}`;
}

/** The same filter as a query string, with a different cursor. */
export function eventLogQuery(f: EventLogFilter, before?: string): string {
  const q = new URLSearchParams();
  if (f.eventId) q.set("event", f.eventId);
  if (f.type) q.set("type", f.type);
  if (f.status) q.set("status", f.status);
  if (f.mode) q.set("mode", f.mode);
  if (f.fromText) q.set("from", f.fromText);
  if (f.toText) q.set("to", f.toText);
  if (before) q.set("before", before);
  const s = q.toString();
  return s ? `?${s}` : "";
}
