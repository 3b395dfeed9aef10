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

export type ReconcileDriftAlertData = { tenantName: string; mode: "test" | "live"; recovered: number; settingsUrl: string };

export const reconcileDriftAlertSubject = (d: ReconcileDriftAlertData) => `[${d.tenantName}] ${d.recovered} missed Stripe ${d.mode}-mode event${d.recovered === 1 ? " was" : "s were"} recovered`;

/** Reconciliation found events Stripe sent that never arrived: the endpoint may be failing or disabled. */
export function ReconcileDriftAlert(d: ReconcileDriftAlertData) {
  return (
    <MailLayout
      sender={`MemberPulse · ${d.tenantName}`}
      preview={`Reconciliation applied ${d.recovered} event(s) the webhook endpoint never delivered.`}
      title="Stripe events were missed"
      footerText={`You receive this as an administrator of ${d.tenantName}. At most one such alert is sent per hour and mode.`}
    >
      <Paragraph>
        The hourly reconciliation found {d.recovered} {d.mode}-mode event{d.recovered === 1 ? "" : "s"} in Stripe that the portal had not received, and applied {d.recovered === 1 ? "it" : "them"}. If
        this keeps happening, check that the webhook endpoint is enabled in the Stripe Dashboard and that its signing secret matches.
      </Paragraph>
      <Action href={d.settingsUrl}>Open the Stripe settings</Action>
    </MailLayout>
  );
}

export type StripeDisconnectedAlertData = { tenantName: string; mode: "test" | "live"; reason: string; settingsUrl: string };

export const stripeDisconnectedAlertSubject = (d: StripeDisconnectedAlertData) => `[${d.tenantName}] Stripe refused the portal's ${d.mode}-mode key`;

/** Stripe answered 401/403 to the stored key: payments and webhooks' retrievals stop until an admin fixes it. */
export function StripeDisconnectedAlert(d: StripeDisconnectedAlertData) {
  return (
    <MailLayout
      sender={`MemberPulse · ${d.tenantName}`}
      preview="Members cannot pay until the key is replaced."
      title="Stripe is disconnected"
      footerText={`You receive this as an administrator of ${d.tenantName}. At most one such alert is sent per hour and mode.`}
    >
      <Paragraph>
        Stripe refused the {d.mode}-mode secret key the portal uses, {d.reason}. The key may have been rolled, revoked or restricted in the Stripe Dashboard. Until a working key is saved, members
        cannot pay and the portal cannot check Stripe for missed events.
      </Paragraph>
      <Action href={d.settingsUrl}>Open the Stripe settings</Action>
    </MailLayout>
  );
}
