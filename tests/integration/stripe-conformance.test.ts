import { afterEach, describe, expect, it } from "vitest";
import { conformanceLog, describeRejectedAppRequests } from "@/tools/stripe-emulator/conformance";
import { sdkFor } from "@/tools/stripe-emulator/test-helpers";
import { createStripeClient } from "@/lib/stripe/client";
import { emulatorForFile } from "../helpers/stripe-env";

/*
 * The conformance check (tests/stripe-conformance.ts after every file, e2e/support/global-teardown.ts
 * after Playwright): requests from the app's Stripe client (it declares appInfo) that the strict
 * emulator refuses fail the run. Here the app's client re-sends the old catalog-sync bug
 * (`nickname: ""` on a price update) to show it is caught, then the record is cleared so this
 * file's own check passes.
 */
const stripeEmulator = emulatorForFile();

afterEach(() => conformanceLog.clear());

async function priceOf(secretKey: string) {
  const helper = sdkFor(stripeEmulator(), secretKey);
  const product = await helper.products.create({ name: "Gold" });
  return helper.prices.create({ product: product.id, currency: "usd", unit_amount: 1000 });
}

describe("Stripe conformance record", () => {
  it("lists an app request the emulator refused (nickname: \"\" on a price update) with its error", async () => {
    const account = await stripeEmulator().createAccount({ name: "Conformance Gym" });
    const price = await priceOf(account.secretKey);
    const app = createStripeClient(account.secretKey, { maxNetworkRetries: 0 });

    await app.prices.update(price.id, { active: true });
    await expect(app.prices.update(price.id, { nickname: "" })).rejects.toMatchObject({ statusCode: 400, code: "parameter_invalid_empty" });

    expect(conformanceLog.appRequests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /v1/prices/${price.id}`, `POST /v1/prices/${price.id}`]);
    const rejected = conformanceLog.rejectedAppRequests();
    expect(rejected).toEqual([
      {
        method: "POST",
        path: `/v1/prices/${price.id}`,
        app: "MemberPulse/0.1.0",
        rejection: { status: 400, code: "parameter_invalid_empty", param: "nickname", message: expect.stringContaining("You passed an empty string for 'nickname'") },
      },
    ]);
    expect(describeRejectedAppRequests(rejected)).toContain(`MemberPulse/0.1.0 POST /v1/prices/${price.id} → 400 parameter_invalid_empty nickname: You passed an empty string for 'nickname'`);
  });

  it("does not count refusals of the tests' own clients (no appInfo), nor accepted app requests", async () => {
    const account = await stripeEmulator().createAccount({ name: "Helper Gym" });
    const price = await priceOf(account.secretKey);
    await expect(sdkFor(stripeEmulator(), account.secretKey).prices.update(price.id, { nickname: "" })).rejects.toMatchObject({ statusCode: 400 });
    await createStripeClient(account.secretKey).prices.update(price.id, { nickname: "Monthly" });
    expect(conformanceLog.rejected).toHaveLength(1);
    expect(conformanceLog.rejectedAppRequests()).toEqual([]);
    expect(describeRejectedAppRequests(conformanceLog.rejectedAppRequests())).toBeNull();
  });

  it("is served to other processes (Playwright's teardown) at GET /_emulator/conformance", async () => {
    const account = await stripeEmulator().createAccount({ name: "Remote Gym" });
    const price = await priceOf(account.secretKey);
    await createStripeClient(account.secretKey, { maxNetworkRetries: 0 }).prices.update(price.id, { nickname: "" }).catch(() => undefined);
    const summary = (await (await fetch(`${stripeEmulator().url}/_emulator/conformance`)).json()) as { appRequests: number; rejectedAppRequests: { rejection?: { param?: string } }[] };
    expect(summary.appRequests).toBe(1);
    expect(summary.rejectedAppRequests.map((r) => r.rejection?.param)).toEqual(["nickname"]);
  });
});
