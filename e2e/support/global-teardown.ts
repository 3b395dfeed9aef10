import postgres from "postgres";
import { describeRejectedAppRequests, type RecordedRequest } from "../../tools/stripe-emulator/conformance";
import { ADMIN_DATABASE_URL, E2E_DATABASE_NAME, EMULATOR_URL } from "./e2e-env";

/**
 * Fails the run when the Stripe emulator (still up: Playwright stops web servers after this)
 * refused a request from the app's Stripe client, i.e. one real Stripe would refuse too.
 */
async function checkStripeConformance() {
  const res = await fetch(`${EMULATOR_URL}/_emulator/conformance`);
  if (!res.ok) throw new Error(`Stripe conformance check: the emulator answered ${res.status}`);
  const summary = (await res.json()) as { appRequests: number; rejectedAppRequests: RecordedRequest[] };
  const problem = describeRejectedAppRequests(summary.rejectedAppRequests);
  if (problem) throw new Error(problem);
  console.log(`Stripe conformance: ${summary.appRequests} requests from the app, none refused by the strict emulator.`);
}

async function dropDatabase() {
  if (process.env.E2E_KEEP_DATABASE) return;
  const admin = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${E2E_DATABASE_NAME}" with (force)`);
  await admin.end();
}

export default async function teardown() {
  try {
    await checkStripeConformance();
  } finally {
    await dropDatabase();
  }
}
