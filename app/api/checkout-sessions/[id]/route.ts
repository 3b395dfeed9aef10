import { DomainError } from "@/lib/errors/domain-error";
import { withTenant } from "@/lib/api/handler";
import { readMemberCheckout } from "@/lib/subscriptions/checkout";

/** GET /api/checkout-sessions/{id} — the session's status (open / complete / expired) and payment status. */
export const GET = withTenant(
  async (ctx) => {
    const id = ctx.params.id ?? "";
    if (!/^cs_(test|live)_[A-Za-z0-9]+$/.test(id)) throw new DomainError("not_found", "No such checkout session.");
    const s = await readMemberCheckout(ctx.db, ctx.actor, id);
    return Response.json({ id: s.id, object: "checkout.session", status: s.status, payment_status: s.paymentStatus, mode: s.mode, amount_total: s.amountTotal, currency: s.currency });
  },
  { permission: "payments.pay" },
);
