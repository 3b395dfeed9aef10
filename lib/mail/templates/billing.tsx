import { formatMoney } from "@/lib/money";
import { Action, MailLayout, Paragraph } from "./layout";

type Money = { amount: number; currency: string };
const footerFor = (tenantName: string) => `You receive this because you are a member of ${tenantName}. It is about a payment, so it is always sent.`;

export type PaymentReceiptData = Money & { tenantName: string; description: string | null; reference: string; historyUrl: string; unsubscribeUrl?: string | null };

export function paymentReceiptSubject(d: PaymentReceiptData) {
  return `Receipt from ${d.tenantName}: ${formatMoney(d.amount, d.currency)}`;
}

export function PaymentReceipt(d: PaymentReceiptData) {
  const total = formatMoney(d.amount, d.currency);
  return (
    <MailLayout
      sender={d.tenantName}
      preview={`We received your payment of ${total}.`}
      title="Thank you for your payment"
      footerText={`You receive receipts as a member of ${d.tenantName}; your billing history in the portal keeps them all.`}
      unsubscribeUrl={d.unsubscribeUrl ?? null}
    >
      <Paragraph>
        We received your payment of <strong>{total}</strong>
        {d.description ? ` for ${d.description}` : ""}.
      </Paragraph>
      <Paragraph>Reference: {d.reference}</Paragraph>
      <Action href={d.historyUrl}>View your payment history</Action>
    </MailLayout>
  );
}

export type PaymentFailedData = Money & { tenantName: string; attemptCount: number; payUrl: string; cardsUrl: string; hostedInvoiceUrl: string | null };

export function paymentFailedSubject(d: PaymentFailedData) {
  return `Payment failed: ${formatMoney(d.amount, d.currency)} to ${d.tenantName}`;
}

export function PaymentFailed(d: PaymentFailedData) {
  const due = formatMoney(d.amount, d.currency);
  return (
    <MailLayout sender={d.tenantName} preview={`Your payment of ${due} did not go through.`} title="Your payment did not go through" footerText={footerFor(d.tenantName)}>
      <Paragraph>
        We tried to charge <strong>{due}</strong>
        {d.attemptCount > 1 ? ` (attempt ${d.attemptCount})` : ""}, but the payment failed. Update your card or pay now to keep your membership active.
      </Paragraph>
      <Action href={d.payUrl}>Pay now</Action>
      <Paragraph>
        Card expired or replaced? <a href={d.cardsUrl}>Update your card</a>
        {d.hostedInvoiceUrl ? (
          <>
            {" "}
            or <a href={d.hostedInvoiceUrl}>pay the invoice on Stripe</a>
          </>
        ) : null}
        .
      </Paragraph>
    </MailLayout>
  );
}

export type RefundIssuedData = Money & { tenantName: string; reference: string; historyUrl: string };

export function refundIssuedSubject(d: RefundIssuedData) {
  return `Refund from ${d.tenantName}: ${formatMoney(d.amount, d.currency)}`;
}

export function RefundIssued(d: RefundIssuedData) {
  const amount = formatMoney(d.amount, d.currency);
  return (
    <MailLayout sender={d.tenantName} preview={`${amount} is on its way back to you.`} title="Your refund is on its way" footerText={footerFor(d.tenantName)}>
      <Paragraph>
        We refunded <strong>{amount}</strong> to your original payment method. Depending on your bank it shows on your statement within 5–10 business days.
      </Paragraph>
      <Paragraph>Reference: {d.reference}</Paragraph>
      <Action href={d.historyUrl}>View your payment history</Action>
    </MailLayout>
  );
}

/** An optional notice's footer: why it came, and that it can be turned off. */
const optionalFooter = (tenantName: string) => `You receive this reminder as a member of ${tenantName}. You can turn it off under E-mail notices in the portal, or with the link below.`;

export type InvoiceSentData = Money & { tenantName: string; number: string | null; dueDate: string | null; payUrl: string; hostedInvoiceUrl: string | null };

export function invoiceSentSubject(d: InvoiceSentData) {
  return `Invoice${d.number ? ` ${d.number}` : ""} from ${d.tenantName}: ${formatMoney(d.amount, d.currency)}`;
}

/** An invoice to pay (the admin billed the member, or Stripe sent it): always sent, it asks for money. */
export function InvoiceSent(d: InvoiceSentData) {
  const due = formatMoney(d.amount, d.currency);
  return (
    <MailLayout sender={d.tenantName} preview={`${d.tenantName} sent you an invoice for ${due}.`} title="You have a new invoice" footerText={footerFor(d.tenantName)}>
      <Paragraph>
        {d.tenantName} sent you an invoice{d.number ? ` (${d.number})` : ""} for <strong>{due}</strong>
        {d.dueDate ? `, due ${d.dueDate}` : ""}.
      </Paragraph>
      <Action href={d.payUrl}>Pay in the portal</Action>
      {d.hostedInvoiceUrl ? (
        <Paragraph>
          Or <a href={d.hostedInvoiceUrl}>view and pay the invoice on Stripe</a>.
        </Paragraph>
      ) : null}
    </MailLayout>
  );
}

export type PaymentActionRequiredData = Money & { tenantName: string; payUrl: string };

export function paymentActionRequiredSubject(d: PaymentActionRequiredData) {
  return `Confirm your payment of ${formatMoney(d.amount, d.currency)} to ${d.tenantName}`;
}

/** A renewal the bank wants authenticated (3-D Secure): the member completes it on the portal's pay page. */
export function PaymentActionRequired(d: PaymentActionRequiredData) {
  const due = formatMoney(d.amount, d.currency);
  return (
    <MailLayout sender={d.tenantName} preview={`Your bank asks you to confirm the payment of ${due}.`} title="Your bank needs you to confirm a payment" footerText={footerFor(d.tenantName)}>
      <Paragraph>
        We tried to charge <strong>{due}</strong> for your membership, and your bank asks you to confirm it (3-D Secure). Nothing has been charged yet. Open the payment page and pay with your card: your
        bank then shows its confirmation step.
      </Paragraph>
      <Action href={d.payUrl}>Confirm the payment</Action>
    </MailLayout>
  );
}

export type RenewalUpcomingData = Money & { tenantName: string; renewsOn: string; manageUrl: string; unsubscribeUrl?: string | null };

export function renewalUpcomingSubject(d: RenewalUpcomingData) {
  return `Your ${d.tenantName} membership renews on ${d.renewsOn}`;
}

export function RenewalUpcoming(d: RenewalUpcomingData) {
  const amount = formatMoney(d.amount, d.currency);
  return (
    <MailLayout sender={d.tenantName} preview={`${amount} on ${d.renewsOn}.`} title="Your membership renews soon" footerText={optionalFooter(d.tenantName)} unsubscribeUrl={d.unsubscribeUrl ?? null}>
      <Paragraph>
        Your subscription renews on <strong>{d.renewsOn}</strong> and your saved card will be charged <strong>{amount}</strong>. Nothing to do if that is what you want.
      </Paragraph>
      <Action href={d.manageUrl}>Manage your subscription</Action>
    </MailLayout>
  );
}
