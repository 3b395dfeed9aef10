import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/*
 * The layering is enforced by `npm run lint` (eslint.config.mjs → boundaries()). These cases feed
 * the real configuration code that breaks a rule, so a rule that stops firing fails here.
 */
const eslint = new ESLint({ cwd: path.resolve(__dirname, "../..") });

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports").map((m) => m.message);
}

describe("layer boundaries", () => {
  it.each([
    ["components/x/widget.tsx", 'import { getUserById } from "@/db/queries/users";\nexport const a = getUserById;', /Components do not read the database/],
    ["components/x/widget.tsx", 'import type { User } from "@/db/schema";\nexport type A = User;', /Components do not read the database/],
    ["components/x/widget.tsx", 'import { signInAction } from "@/app/sign-in/page";\nexport const a = signInAction;', /Nothing imports from app\//],
    ["db/queries/thing.ts", 'import { hashPassword } from "@/lib/auth/password";\nexport const a = hashPassword;', /db\/ is the bottom layer/],
    ["lib/payments/thing.ts", 'import Stripe from "stripe";\nexport const a = Stripe;', /Only lib\/stripe talks to Stripe/],
    ["app/x/page.tsx", 'import Stripe from "stripe";\nexport const a = Stripe;', /Only lib\/stripe talks to Stripe/],
    ["lib/payments/thing.ts", 'import { X } from "@/components/ui/card";\nexport const a = X;', /Only app\/ and components\/ render components/],
    ["app/x/page.tsx", 'import { listAudit } from "@/db/queries/audit-log";\nexport const a = listAudit;', /only render and answer/],
    ["app/api/x/route.ts", 'import { getBalance } from "../../../db/queries/credit-ledger";\nexport const a = getBalance;', /only render and answer/],
    ["app/x/actions.ts", 'import * as queries from "@/db/queries";\nexport const a = queries;', /only render and answer/],
    ["lib/payments/thing.ts", 'import { startStripeEmulator } from "@/tools/stripe-emulator/server";\nexport const a = startStripeEmulator;', /test infrastructure, never in the app/],
    ["app/x/page.tsx", 'import { startStripeEmulator } from "../../tools/stripe-emulator/server";\nexport const a = startStripeEmulator;', /test infrastructure, never in the app/],
  ])("%s: refused", async (file, code, message) => {
    const found = await violations(file, code);
    expect(found.some((m) => message.test(m)), found.join("\n") || "no violation reported").toBe(true);
  });

  it.each([
    ["components/x/widget.tsx", 'import type { Role } from "@/lib/domain-types";\nexport type A = Role;'],
    ["lib/stripe/thing.ts", 'import Stripe from "stripe";\nexport const a = Stripe;'],
    ["lib/payments/thing.ts", 'import type Stripe from "stripe";\nexport type A = Stripe.Customer;'],
    ["app/x/page.tsx", 'import { getDb } from "@/db";\nexport const a = getDb;'],
    ["app/x/page.tsx", 'import type { TenantMembership } from "@/db/queries/memberships";\nexport type A = TenantMembership;'],
    ["app/x/page.tsx", 'import { roleEnum } from "@/db/schema";\nexport const a = roleEnum;'],
    ["lib/x/thing-view.ts", 'import { listAudit } from "@/db/queries/audit-log";\nexport const a = listAudit;'],
  ])("%s: allowed", async (file, code) => {
    expect(await violations(file, code)).toEqual([]);
  });
});
