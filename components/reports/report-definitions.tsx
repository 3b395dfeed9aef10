/** What each figure on the Reports page means, in the words an admin would use. */
const DEFINITIONS: [string, string][] = [
  [
    "MRR (monthly recurring revenue)",
    "For every subscription that is active or past due: its prices × quantities, each turned into a monthly amount (a yearly price counts one twelfth). Trialing, incomplete, paused and ended subscriptions count 0. Discounts and taxes are not taken off.",
  ],
  ["New", "MRR of subscriptions that had none at the start of the month and have some at its end."],
  ["Expansion and contraction", "For subscriptions with MRR at both ends of the month: the increase (an upgrade, more seats) or the decrease (a downgrade). A change in the middle of the month counts in that month."],
  ["Churn", "MRR at the start of the month of subscriptions that have none at its end: canceled or ended. A subscription that started and ended within the same month moves nothing."],
  ["Active subscribers", "Subscriptions that are active or past due now (a member with two subscriptions counts twice). Trialing ones are counted apart."],
  ["Revenue", "Succeeded payments, by the month Stripe created them: the amount received, before refunds and Stripe's fees."],
  ["Refunds", "Refunds made in the month (pending or succeeded), whatever month the payment was in."],
  ["Failed-payment rate", "Of the subscription invoices created in the month with something to pay, the share whose payment failed at least once. Recovered: those that were paid in the end."],
  ["Credits outstanding", "Credits members hold and have not spent, in all modes (1 credit = 1 cent)."],
];

export function ReportDefinitions() {
  return (
    <dl className="grid gap-x-6 gap-y-3 text-sm md:grid-cols-2">
      {DEFINITIONS.map(([term, text]) => (
        <div key={term}>
          <dt className="font-medium text-slate-900">{term}</dt>
          <dd className="mt-0.5 text-slate-600">{text}</dd>
        </div>
      ))}
    </dl>
  );
}
