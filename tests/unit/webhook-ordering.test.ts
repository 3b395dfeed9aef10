import { describe, expect, it } from "vitest";
import { CONNECT_EVENT_TYPES, HANDLED_EVENT_TYPES } from "@/lib/webhooks/handled-events";
import { registeredEventTypes } from "@/lib/webhooks/handlers";
import { decideOrdering, ORDERING, tieWatermark } from "@/lib/webhooks/ordering";

const sub = ORDERING.subscriptions;
const row = (status: string | null, lastEventCreated: number, lastEventId = "evt_old") => ({ status, lastEventCreated, lastEventId });

describe("ordering rules", () => {
  it.each([
    ["no row yet", null, "active", 10, "apply"],
    ["newer snapshot", row("active", 10), "past_due", 11, "apply"],
    ["older snapshot", row("past_due", 11), "active", 10, "skip"],
    ["same second, another event", row("active", 10), "past_due", 10, "resolve_tie"],
    ["terminal never regresses, even when newer", row("canceled", 10), "active", 99, "skip"],
    ["terminal to the same terminal status, newer", row("canceled", 10), "canceled", 11, "apply"],
    ["incomplete_expired is terminal", row("incomplete_expired", 10), "active", 11, "skip"],
  ] as const)("%s", (_label, existing, status, created, expected) => {
    expect(decideOrdering(sub, existing, { status, created, eventId: "evt_new" })).toBe(expected);
  });

  it("re-applying the same event (replay) is allowed and idempotent", () => {
    expect(decideOrdering(sub, row("active", 10, "evt_same"), { status: "active", created: 10, eventId: "evt_same" })).toBe("apply");
  });

  it("a succeeded payment never returns to processing; a refund never un-refunds", () => {
    expect(decideOrdering(ORDERING.payments, row("succeeded", 10), { status: "processing", created: 20, eventId: "e" })).toBe("skip");
    expect(decideOrdering(ORDERING.refunds, row("succeeded", 10), { status: "pending", created: 20, eventId: "e" })).toBe("skip");
    // A stub payment (created by a refund that arrived first) has watermark 0: the intent always applies.
    expect(decideOrdering(ORDERING.payments, { status: null, lastEventCreated: 0, lastEventId: "" }, { status: "succeeded", created: 5, eventId: "e" })).toBe("apply");
  });

  it("a succeeded refund may still fail (Stripe sends refund.failed later); a failed one never succeeds again", () => {
    expect(decideOrdering(ORDERING.refunds, row("succeeded", 10), { status: "failed", created: 20, eventId: "e" })).toBe("apply");
    expect(decideOrdering(ORDERING.refunds, row("failed", 20), { status: "succeeded", created: 30, eventId: "e" })).toBe("skip");
    expect(decideOrdering(ORDERING.refunds, row("succeeded", 20), { status: "failed", created: 10, eventId: "e" })).toBe("skip");
    expect(decideOrdering(ORDERING.refunds, row("canceled", 10), { status: "failed", created: 20, eventId: "e" })).toBe("skip");
  });

  it("a tie settled by retrieval is watermarked no older than the retrieval", () => {
    expect(tieWatermark(100, 5_000)).toBe(5_000);
    expect(tieWatermark(9_000, 5_000)).toBe(9_000);
  });

  it("every handled event type has a handler and every handler's type is subscribed", () => {
    expect(new Set(registeredEventTypes())).toEqual(new Set([...HANDLED_EVENT_TYPES, ...CONNECT_EVENT_TYPES]));
  });
});
