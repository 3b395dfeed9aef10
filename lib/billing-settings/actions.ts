"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { prorationPolicySchema, setProrationPolicy, setTaxEnabled, setTopUpSettings, taxSettingsSchema, topUpSettingsSchema } from "./billing-settings";

export const saveProrationPolicyAction = defineAction(
  { permission: "catalog.manage", name: "billing_settings.proration", schema: prorationPolicySchema, invalid: "Choose how plan changes are billed." },
  async (input, { db, actor }) => {
    await setProrationPolicy(db, actor, input);
    revalidatePath(`/${actor.tenantSlug}/admin/subscriptions`);
    return { ok: true, message: "Saved. The next plan change (and its preview) follows this policy." };
  },
);

export const saveTopUpSettingsAction = defineAction(
  { permission: "credits.manage", name: "billing_settings.top_up", schema: topUpSettingsSchema, labels: { topUpMin: "Minimum", topUpMax: "Maximum" } },
  async (input, { db, actor }) => {
    await setTopUpSettings(db, actor, input);
    revalidatePath(`/${actor.tenantSlug}/admin/catalog`);
    revalidatePath(`/${actor.tenantSlug}/billing/credits`);
    return { ok: true, message: input.topUpEnabled ? "Saved. Members can top up any amount within these bounds." : "Saved. Custom top-ups are off." };
  },
);

export const saveTaxSettingsAction = defineAction(
  { permission: "settings.stripe.manage", name: "billing_settings.tax", schema: taxSettingsSchema },
  async (input, { db, actor }) => {
    await setTaxEnabled(db, actor, input);
    revalidatePath(`/${actor.tenantSlug}/settings/integrations/stripe`);
    return {
      ok: true,
      message: input.taxEnabled
        ? "Saved. New subscriptions, invoices and payments collect tax with Stripe Tax; members enter their billing address before paying."
        : "Saved. New charges no longer add tax.",
    };
  },
);
