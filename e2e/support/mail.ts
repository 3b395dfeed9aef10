import { expect } from "@playwright/test";
import { MAIL_URL } from "./e2e-env";

export type ReceivedMail = { to: string[]; subject: string; text: string; html: string; messageId: string };

/** What the test mail server has received for an address (e2e/support/mail-catcher.ts). */
export async function mailTo(address: string): Promise<ReceivedMail[]> {
  const response = await fetch(`${MAIL_URL}/messages?to=${encodeURIComponent(address)}`);
  return (await response.json()) as ReceivedMail[];
}

/** Waits for the `count`-th mail to an address whose subject matches (mail goes through the job queue). */
export async function waitForMail(address: string, subject: RegExp, count = 1): Promise<ReceivedMail> {
  let found: ReceivedMail[] = [];
  await expect
    .poll(async () => {
      found = (await mailTo(address)).filter((m) => subject.test(m.subject));
      return found.length;
    }, { timeout: 20_000, message: `mail to ${address} matching ${subject}` })
    .toBeGreaterThanOrEqual(count);
  return found[count - 1]!;
}
