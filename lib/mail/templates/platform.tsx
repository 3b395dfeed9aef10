import { Action, MailLayout, Paragraph } from "./layout";

export type PlatformPaymentFailedData = { tenantName: string; amount: string; invoiceNumber: string | null; billingUrl: string };

export const platformPaymentFailedSubject = (d: PlatformPaymentFailedData) => `[${d.tenantName}] Your MemberPulse payment of ${d.amount} failed`;

/** From MemberPulse (the platform) to an organisation's admins: its own plan's invoice was not paid. */
export function PlatformPaymentFailed(d: PlatformPaymentFailedData) {
  return (
    <MailLayout
      sender="MemberPulse"
      preview={`We could not collect ${d.amount} for ${d.tenantName}'s portal.`}
      title="Your portal's payment failed"
      footerText={`You receive this as an administrator of ${d.tenantName} on MemberPulse.`}
    >
      <Paragraph>
        We could not collect {d.amount}
        {d.invoiceNumber ? ` for invoice ${d.invoiceNumber}` : ""}. Your portal keeps working while we retry, but if the invoice stays unpaid it will be paused and stop taking new payments from
        your members. Pay the open invoice or update your card on the billing page.
      </Paragraph>
      <Action href={d.billingUrl}>Open Billing for this portal</Action>
    </MailLayout>
  );
}
