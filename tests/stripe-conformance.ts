// Vitest setup file: after each test file, fail it if the Stripe emulator refused a request the
// app's own Stripe client sent (validated against the pinned SDK's types, as real Stripe would
// refuse it), printing each one. The app may have coped with the 400; against Stripe it is a bug.
import { afterAll } from "vitest";
import { conformanceLog, describeRejectedAppRequests } from "@/tools/stripe-emulator/conformance";

afterAll(() => {
  const problem = describeRejectedAppRequests(conformanceLog.rejectedAppRequests());
  conformanceLog.clear();
  if (problem) throw new Error(problem);
});
