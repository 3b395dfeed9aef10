import { createElement, type FunctionComponent } from "react";
import { render, toPlainText } from "@react-email/components";
import { EmailVerification, emailVerificationSubject, MemberInvite, memberInviteSubject, PasswordReset, passwordResetSubject } from "./templates/account";
import { ReconcileDriftAlert, reconcileDriftAlertSubject, StripeDisconnectedAlert, stripeDisconnectedAlertSubject, WebhookFailureAlert, webhookFailureAlertSubject } from "./templates/alerts";
import {
  InvoiceSent,
  invoiceSentSubject,
  PaymentActionRequired,
  paymentActionRequiredSubject,
  PaymentFailed,
  paymentFailedSubject,
  PaymentReceipt,
  paymentReceiptSubject,
  RefundIssued,
  refundIssuedSubject,
  RenewalUpcoming,
  renewalUpcomingSubject,
} from "./templates/billing";
import { PlatformPaymentFailed, platformPaymentFailedSubject } from "./templates/platform";
import { TrialEnding, trialEndingSubject } from "./templates/trial";

type Template<D> = {
  subject: (data: D) => string;
  Component: FunctionComponent<D>;
  /** Carries a one-time link: the Mail page never shows its body, and its data is cleared once sent. */
  carriesLink: boolean;
};

const template = <D,>(t: Template<D>) => t;

/** Every mail the portal sends. A new one is a component in templates/ plus one entry here. */
export const MAIL_TEMPLATES = {
  payment_receipt: template({ subject: paymentReceiptSubject, Component: PaymentReceipt, carriesLink: false }),
  payment_failed: template({ subject: paymentFailedSubject, Component: PaymentFailed, carriesLink: false }),
  refund_issued: template({ subject: refundIssuedSubject, Component: RefundIssued, carriesLink: false }),
  invoice_sent: template({ subject: invoiceSentSubject, Component: InvoiceSent, carriesLink: false }),
  payment_action_required: template({ subject: paymentActionRequiredSubject, Component: PaymentActionRequired, carriesLink: false }),
  renewal_upcoming: template({ subject: renewalUpcomingSubject, Component: RenewalUpcoming, carriesLink: false }),
  trial_ending: template({ subject: trialEndingSubject, Component: TrialEnding, carriesLink: false }),
  member_invite: template({ subject: memberInviteSubject, Component: MemberInvite, carriesLink: true }),
  password_reset: template({ subject: passwordResetSubject, Component: PasswordReset, carriesLink: true }),
  email_verification: template({ subject: emailVerificationSubject, Component: EmailVerification, carriesLink: true }),
  webhook_failure_alert: template({ subject: webhookFailureAlertSubject, Component: WebhookFailureAlert, carriesLink: false }),
  reconcile_drift_alert: template({ subject: reconcileDriftAlertSubject, Component: ReconcileDriftAlert, carriesLink: false }),
  stripe_disconnected_alert: template({ subject: stripeDisconnectedAlertSubject, Component: StripeDisconnectedAlert, carriesLink: false }),
  platform_payment_failed: template({ subject: platformPaymentFailedSubject, Component: PlatformPaymentFailed, carriesLink: false }),
};

export type MailTemplate = keyof typeof MAIL_TEMPLATES;
export type MailData<T extends MailTemplate> = Parameters<(typeof MAIL_TEMPLATES)[T]["subject"]>[0];

export function isMailTemplate(name: string): name is MailTemplate {
  return Object.hasOwn(MAIL_TEMPLATES, name);
}

export function mailSubject<T extends MailTemplate>(name: T, data: MailData<T>): string {
  return (MAIL_TEMPLATES[name].subject as (d: MailData<T>) => string)(data);
}

/** HTML from the React Email component; the plain-text part from that HTML (links keep their URL). */
export async function renderMail<T extends MailTemplate>(name: T, data: MailData<T>): Promise<{ html: string; text: string }> {
  const Component = MAIL_TEMPLATES[name].Component as FunctionComponent<MailData<T>>;
  const html = await render(createElement(Component, data));
  return { html, text: toPlainText(html) };
}
