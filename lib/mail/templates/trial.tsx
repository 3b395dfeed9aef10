import { formatDate } from "@/lib/format-date-time";
import { formatMoney } from "@/lib/money";
import { Action, MailLayout, Paragraph } from "./layout";

export type TrialEndingData = {
  tenantName: string;
  planName: string;
  /** ISO time the trial ends (mail data is JSON). */
  trialEnd: string;
  amount: number | null;
  currency: string;
  interval: string | null;
  hasCard: boolean;
  subscriptionUrl: string;
  cardsUrl: string;
};

export function trialEndingSubject(d: TrialEndingData) {
  return `Your ${d.planName} trial ends on ${formatDate(new Date(d.trialEnd))}`;
}

/** customer.subscription.trial_will_end: three days' notice before the first charge. */
export function TrialEnding(d: TrialEndingData) {
  const when = formatDate(new Date(d.trialEnd));
  const price = d.amount !== null ? `${formatMoney(d.amount, d.currency)}${d.interval ? ` / ${d.interval}` : ""}` : null;
  return (
    <MailLayout
      sender={d.tenantName}
      preview={`Your free trial of ${d.planName} ends on ${when}.`}
      title="Your free trial ends soon"
      footerText={`You receive this because you are a member of ${d.tenantName}. It is about a payment, so it is always sent.`}
    >
      <Paragraph>
        Your free trial of <strong>{d.planName}</strong> ends on <strong>{when}</strong>.
        {d.hasCard
          ? ` Your membership then continues${price ? ` at ${price}` : ""}, charged to the card you saved.`
          : " No card is saved yet, so your membership ends with the trial unless you add one."}
      </Paragraph>
      <Action href={d.subscriptionUrl}>Manage your membership</Action>
      <Paragraph>
        Not staying? Cancel before {when} and you are not charged. <a href={d.cardsUrl}>Update your card</a>.
      </Paragraph>
    </MailLayout>
  );
}
