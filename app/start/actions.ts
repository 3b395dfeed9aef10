"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { signIn } from "@/lib/auth";
import { currentUser } from "@/lib/auth/session";
import { gateStartOrganisation, waitText } from "@/lib/auth/throttle";
import { zodMessage, type ActionState } from "@/lib/forms/action-state";
import { clientAddress } from "@/lib/http/client-address";
import { founderSchema, organisationSchema, startOrganisation, type Founder } from "@/lib/tenants/start-organisation";

const LABELS = { organisationName: "Organisation name", slug: "Address", name: "Your name", email: "E-mail", password: "Password" };

/**
 * Public: creates an organisation with its first admin, then signs that admin in and opens the
 * admin overview (whose checklist says what to do next). A signed-in person becomes the admin with
 * their own account; anyone else creates one here.
 */
export async function startOrganisationAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const organisation = organisationSchema.safeParse({ organisationName: form.get("organisationName") ?? "", slug: form.get("slug") ?? "" });
  if (!organisation.success) return { error: zodMessage(organisation.error, LABELS) };
  const user = await currentUser();
  let founder: Founder;
  if (user) {
    founder = { kind: "existing", userId: user.id };
  } else {
    const parsed = founderSchema.safeParse({ name: form.get("name") ?? "", email: String(form.get("email") ?? "").trim().toLowerCase(), password: form.get("password") ?? "" });
    if (!parsed.success) return { error: zodMessage(parsed.error, LABELS) };
    founder = { kind: "new", ...parsed.data };
  }
  const db = await getDb();
  const gate = await gateStartOrganisation(db, { address: clientAddress(await headers()) });
  if (!gate.allowed) return { error: `Too many organisations started from your network. Try again in ${waitText(gate.retryAfterSeconds)}.` };
  const result = await startOrganisation(db, { organisation: organisation.data, founder });
  if (!result.ok) return { error: result.error };
  const home = `/${result.tenant.slug}/admin?welcome=1`;
  if (founder.kind === "new") await signIn("credentials", { email: founder.email, password: founder.password, redirectTo: home });
  redirect(home);
}
