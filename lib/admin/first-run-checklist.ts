import type { StripeSettingsView } from "@/lib/stripe-connection/settings-view";

export type ChecklistStep = { id: "plan" | "stripe" | "catalog" | "members"; title: string; body: string; href: string; cta: string; done: boolean };

/**
 * The admin overview's first-run checklist, read from real state on every visit: Stripe connected
 * (a successful "Test connection" in the active mode), something to sell (an active product with an
 * active price), and someone besides the admin (a member or a pending invitation). Null once every
 * step is done, so it disappears by itself.
 *
 * First, when MemberPulse offers plans (`plan` is given): the organisation's own plan, done once the
 * platform's webhooks report it trialing, active or past due (lib/platform-billing/billing-status.ts).
 */
export function firstRunChecklist(slug: string, state: { stripe: StripeSettingsView; sellable: boolean; people: number; plan?: { done: boolean } | null }): ChecklistStep[] | null {
  const steps: ChecklistStep[] = [
    ...(state.plan
      ? [
          {
            id: "plan" as const,
            title: "Choose a plan",
            body: "Pick the MemberPulse plan for your portal and pay by card in Stripe Checkout.",
            href: `/${slug}/settings/billing`,
            cta: "Choose a plan",
            done: state.plan.done,
          },
        ]
      : []),
    {
      id: "stripe",
      title: "Connect Stripe",
      body: state.stripe.modes[state.stripe.activeMode].connect.available
        ? "Connect your Stripe account (or create one) in a few clicks, or paste your keys, so members can pay inside the portal."
        : "Paste your Stripe keys and press Test connection, so members can pay inside the portal.",
      href: `/${slug}/settings/integrations/stripe`,
      cta: "Connect Stripe",
      done: state.stripe.modes[state.stripe.activeMode].badge === "connected",
    },
    {
      id: "catalog",
      title: "Create your first plan or ticket",
      body: "Add a product with a price in the catalog: a membership plan, a class pass or an event ticket.",
      href: `/${slug}/admin/catalog`,
      cta: "Open the catalog",
      done: state.sellable,
    },
    {
      id: "members",
      title: "Invite your members",
      body: "Invite people by e-mail address, or share your portal's join page.",
      href: `/${slug}/admin/members`,
      cta: "Invite members",
      done: state.people > 1,
    },
  ];
  return steps.every((s) => s.done) ? null : steps;
}
