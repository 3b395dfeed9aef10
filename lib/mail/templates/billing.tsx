import { formatMoney } from "@/lib/money";
import { Action, MailLayout, Paragraph } from "./layout";

type Money = { amount: number; currency: string };
const footerFor = (tenantName: string) => `You receive this because you are a member of ${tenantName}. It is about a payment, so it is always sent.`;

export type PaymentReceiptData = Money & { tenantName: string; description: string | null; reference: string; historyUrl: string };

export function paymentReceiptSubject(d: PaymentReceiptData) {
  return `Receipt from ${d.tenantName}: ${formatMoney(d.amount, d.currency)}`;
}

export function PaymentReceipt(d: PaymentReceiptData) {
  const total = formatMoney(d.amount, d.currency);
  return (
    <MailLayout sender={d.tenantName} preview={`We received your payment of ${total}.`} title="Thank you for your payment" footerText={footerFor(d.tenantName)}>
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
