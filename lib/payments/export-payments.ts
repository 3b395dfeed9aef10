import type { Db } from "@/db/client";
import { DomainError } from "@/lib/errors/domain-error";
import { can } from "@/lib/auth/permissions";
import { csvLine } from "@/lib/csv";
import { minorToInput } from "@/lib/money";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import type { PaymentPageQuery } from "./read-payments";
import { listPaymentViews } from "./read-payments";

/** Rows read per database round trip (the list's largest page); the stream holds one batch at a time. */
export const EXPORT_BATCH = 100;

const HEADER = ["created_at", "payment_id", "member_email", "member_name", "item", "invoice", "amount", "amount_refunded", "currency", "status", "stripe_payment_intent_id", "livemode"];

/**
 * The tenant's payments (with the list's filters) as CSV, streamed: each pull reads the next
 * keyset page, so memory stays at one batch whatever the number of payments, and no connection or
 * transaction is held between pulls. Admins only. Amounts in major units with a dot, as
 * spreadsheets read them; dates in ISO 8601 UTC.
 */
export function paymentsCsv(db: Db, actor: TenantActor, filters: Omit<PaymentPageQuery, "cursor" | "limit" | "ownOnly">): ReadableStream<Uint8Array> {
  if (!can(actor.role, "payments.view_all")) throw new DomainError("forbidden", "Only admins can export payments.");
  const encoder = new TextEncoder();
  let cursor: string | null | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvLine(HEADER)));
        return;
      }
      if (cursor === null) return controller.close();
      const page = await listPaymentViews(db, actor, { ...filters, limit: EXPORT_BATCH, ...(cursor ? { cursor } : {}) });
      const text = page.data
        .map((p) =>
          csvLine([
            p.createdAt.toISOString(),
            p.id,
            p.member?.email,
            p.member?.name,
            p.item,
            p.invoice?.number ?? p.invoice?.stripeInvoiceId,
            minorToInput(p.amount, p.currency),
            minorToInput(p.amountRefunded, p.currency),
            p.currency.toUpperCase(),
            p.status,
            p.stripePaymentIntentId,
            p.mode === "live" ? "true" : "false",
          ]),
        )
        .join("");
      if (text) controller.enqueue(encoder.encode(text));
      cursor = page.nextCursor;
      if (cursor === null) controller.close();
    },
  });
}
