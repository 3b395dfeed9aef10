import type { Metadata } from "next";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { DomainError } from "@/lib/errors/domain-error";
import { requireTenant } from "@/lib/auth/session";
import { formatMoney } from "@/lib/money";
import { readMemberCheckout } from "@/lib/subscriptions/checkout";

export const metadata: Metadata = { title: "Checkout result" };

/** Where embedded Checkout returns: the session's status as Stripe reports it, read server-side. */
export default async function CheckoutReturnPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ session_id?: string }> }) {
  const { tenant, user, role } = await requireTenant((await params).tenant, "payments.pay");
  const id = (await searchParams).session_id ?? "";
  let session: Awaited<ReturnType<typeof readMemberCheckout>> | null = null;
  if (/^cs_(test|live)_[A-Za-z0-9]+$/.test(id)) {
    try {
      session = await readMemberCheckout(await getDb(), { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.id, role }, id);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  const complete = session?.status === "complete";
  return (
    <>
      <PageHeader title={complete ? "Thank you!" : "Checkout not completed"} />
      <Card className="max-w-xl">
        <p className="text-sm text-slate-700">
          Checkout status: <strong data-testid="checkout-status">{session?.status ?? "unknown"}</strong>
          {session?.amountTotal != null && session.currency ? ` · ${formatMoney(session.amountTotal, session.currency)}` : ""}
        </p>
        <p className="mt-2 text-sm text-slate-600">
          {complete ? "Stripe confirmed your purchase. It appears in your history and membership once the webhook arrives." : "Nothing was charged. You can try again."}
        </p>
        <LinkButton href={`/${tenant.slug}/billing${session?.mode === "subscription" ? "/subscription" : "/history"}`} className="mt-4" variant="secondary">
          Continue
        </LinkButton>
      </Card>
    </>
  );
}
