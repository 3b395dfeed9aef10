"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { definePublicAction, parseOrFail } from "@/lib/actions/define-action";
import { signIn } from "@/lib/auth";
import { currentUser } from "@/lib/auth/session";
import { gateStartOrganisation, waitText } from "@/lib/auth/throttle";
import { clientAddress } from "@/lib/http/client-address";
import { founderSchema, organisationSchema, startOrganisation, type Founder } from "@/lib/tenants/start-organisation";

const LABELS = { organisationName: "Organisation name", slug: "Address", name: "Your name", email: "E-mail", password: "Password" };

/**
 * Public: creates an organisation with its first admin, then signs that admin in and opens the
 * admin overview (whose checklist says what to do next). A signed-in person becomes the admin with
 * their own account; anyone else creates one here (the founder's fields are then checked too).
 */
export const startOrganisationAction = definePublicAction(
  {
    name: "organisation.start",
    schema: organisationSchema.extend({ name: z.unknown().optional(), email: z.unknown().optional(), password: z.unknown().optional() }),
    labels: LABELS,
    form: (f) => ({
      organisationName: f.get("organisationName") ?? "",
      slug: f.get("slug") ?? "",
      name: f.get("name") ?? "",
      email: String(f.get("email") ?? "").trim().toLowerCase(),
      password: f.get("password") ?? "",
    }),
  },
  async (input, { db }) => {
    const user = await currentUser();
    const founder: Founder = user
      ? { kind: "existing", userId: user.id }
      : { kind: "new", ...parseOrFail(founderSchema, { name: input.name, email: input.email, password: input.password }) };
    const gate = await gateStartOrganisation(db, { address: clientAddress(await headers()) });
    if (!gate.allowed) return { error: `Too many organisations started from your network. Try again in ${waitText(gate.retryAfterSeconds)}.` };
    const result = await startOrganisation(db, { organisation: { organisationName: input.organisationName, slug: input.slug }, founder });
    if (!result.ok) return { error: result.error };
    const home = `/${result.tenant.slug}/admin?welcome=1`;
    if (founder.kind === "new") await signIn("credentials", { email: founder.email, password: founder.password, redirectTo: home });
    redirect(home);
  },
);
