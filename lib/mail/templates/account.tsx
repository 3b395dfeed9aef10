import { Action, MailLayout, Paragraph } from "./layout";

export type MemberInviteData = { tenantName: string; inviteUrl: string; expiresDays: number };

export const memberInviteSubject = (d: MemberInviteData) => `You are invited to ${d.tenantName}`;

export function MemberInvite(d: MemberInviteData) {
  return (
    <MailLayout
      sender={d.tenantName}
      preview={`Join ${d.tenantName} on MemberPulse.`}
      title={`Join ${d.tenantName}`}
      footerText="Not expecting this? Ignore it: no account is usable until someone opens the link and sets a password."
    >
      <Paragraph>
        An administrator of {d.tenantName} invited you. Open the link to choose your password; it works once and for {d.expiresDays} days.
      </Paragraph>
      <Action href={d.inviteUrl}>Accept the invitation</Action>
    </MailLayout>
  );
}

export type PasswordResetData = { resetUrl: string; expiresMinutes: number };

export const passwordResetSubject = () => "Reset your MemberPulse password";

export function PasswordReset(d: PasswordResetData) {
  return (
    <MailLayout
      sender="MemberPulse"
      preview="A link to choose a new password."
      title="Reset your password"
      footerText="Did not ask for this? Ignore this e-mail: your password stays as it is, and the link expires by itself."
    >
      <Paragraph>
        Someone (hopefully you) asked to reset the password of this account. The link works once and for {d.expiresMinutes} minutes. Setting a new password signs you out everywhere.
      </Paragraph>
      <Action href={d.resetUrl}>Choose a new password</Action>
    </MailLayout>
  );
}

export type EmailVerificationData = { sender: string; verifyUrl: string; expiresHours: number };

export const emailVerificationSubject = (d: EmailVerificationData) => `Confirm your e-mail address for ${d.sender}`;

export function EmailVerification(d: EmailVerificationData) {
  return (
    <MailLayout
      sender={d.sender}
      preview="One click confirms that this address is yours."
      title="Confirm your e-mail address"
      footerText="Did not sign up? Ignore this e-mail: the address stays unconfirmed, and the link expires by itself."
    >
      <Paragraph>Welcome! Confirm that this address is yours, so that receipts, invoices and password resets reach you. The link works once and for {d.expiresHours} hours.</Paragraph>
      <Action href={d.verifyUrl}>Confirm my e-mail address</Action>
    </MailLayout>
  );
}
