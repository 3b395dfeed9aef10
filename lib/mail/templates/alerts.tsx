import { Action, MailLayout, Paragraph } from "./layout";

export type WebhookFailureAlertData = { tenantName: string; mode: "test" | "live"; eventType: string; eventId: string; eventLogUrl: string };

export const webhookFailureAlertSubject = (d: WebhookFailureAlertData) => `[${d.tenantName}] A Stripe ${d.mode}-mode event could not be processed`;

/** To the tenant's admins, at most once an hour per mode (the dedupe key carries the hour). */
export function WebhookFailureAlert(d: WebhookFailureAlertData) {
  return (
    <MailLayout
      sender={`MemberPulse · ${d.tenantName}`}
      preview={`${d.eventType} failed; Stripe will retry it.`}
      title="A Stripe event could not be processed"
      footerText={`You receive this as an administrator of ${d.tenantName}. At most one such alert is sent per hour and mode.`}
    >
      <Paragraph>
        The {d.mode}-mode event {d.eventType} ({d.eventId}) failed. Stripe retries it, and you can replay it from the event log once the cause is fixed. Further failures this hour are in the log
        too.
      </Paragraph>
      <Action href={d.eventLogUrl}>Open the event log</Action>
    </MailLayout>
  );
}
