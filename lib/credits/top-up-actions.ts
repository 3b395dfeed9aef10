"use server";

import { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { createTopUpPayment, type TopUpPayment } from "./top-up";

/** A PaymentIntent for the amount the member typed, once the server has checked it against the tenant's bounds. */
export const startTopUpAction = defineAction(
  { permission: "payments.pay", name: "credits.top_up", schema: z.object({ amount: z.string().trim().min(1, "Enter an amount.").max(20) }), labels: { amount: "Amount" }, failure: "Something went wrong on our side. Nothing was charged; try again." },
  async ({ amount }, { db, actor }): Promise<ActionResult<TopUpPayment>> => ({ ok: true, data: await createTopUpPayment(db, actor, { amount }) }),
);
