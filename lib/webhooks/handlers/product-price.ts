import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { findMappedLocal, flagRemoteChange } from "@/db/queries/catalog-mappings";
import { stripeUnmanagedObjects } from "@/db/schema";
import { defineHandler, type RowScope } from "../context";
import { ORDERING } from "../ordering";
import { project, type ProjectionSpec, type WrittenWatermark } from "../projection";

/** Metadata key the catalog sets on every product and price the portal creates in Stripe. */
export const TENANT_METADATA_KEY = "memberpulse_tenant_id";

type CatalogObject = Stripe.Product | Stripe.DeletedProduct | Stripe.Price;
type CatalogSnapshot = { object: CatalogObject; deleted: boolean; eventType: string };

function labelOf(object: Stripe.Product | Stripe.Price): string | null {
  if (object.object === "product") return object.name;
  const amount = object.unit_amount != null ? `${object.unit_amount} ${object.currency.toUpperCase()}` : object.currency.toUpperCase();
  return object.nickname ? `${object.nickname} (${amount})` : amount;
}

const stateOf = ({ object, deleted }: CatalogSnapshot) => (deleted || "deleted" in object ? "deleted" : object.active ? "active" : "archived");

function rowValues(scope: RowScope, s: CatalogSnapshot, wm: WrittenWatermark) {
  const live = "deleted" in s.object ? null : s.object;
  return {
    tenantId: scope.tenantId,
    mode: scope.mode,
    objectKind: s.object.object,
    stripeId: s.object.id,
    // A retrieved deleted product carries no name: keep the label we had.
    ...(live ? { label: labelOf(live) } : {}),
    active: stateOf(s),
    lastEventType: s.eventType,
    lastSeenAt: new Date(),
    ...wm,
  };
}

/** Products/prices created outside the portal, listed for admins (seed 001: never imported). */
const UNMANAGED: ProjectionSpec<CatalogSnapshot> = {
  table: stripeUnmanagedObjects,
  key: ["tenantId", "mode", "stripeId"],
  rule: ORDERING.unmanagedObjects,
  existingStatus: sql`${stripeUnmanagedObjects.active}`,
  statusOf: stateOf,
  idOf: (s) => s.object.id,
  values: rowValues,
  isStub: (s) => "deleted" in s.object,
  fetch: async (latest, s) => {
    const object = s.object.object === "price" ? await latest("price", s.object.id) : await latest("product", s.object.id);
    return { object, deleted: "deleted" in object, eventType: s.eventType };
  },
};

const ownedByTenant = (scope: RowScope, object: Stripe.Product | Stripe.Price) => object.metadata?.[TENANT_METADATA_KEY] === scope.tenantId;

/**
 * Products and prices: the portal is their source of truth (seed 001), so Stripe is never read
 * back into the catalog. Objects created elsewhere are recorded as unmanaged (so admins see the
 * drift), under the watermark rule, and the event stays `ignored`. For the portal's own objects the
 * only news worth keeping is an archive or delete done in the Dashboard behind the portal's back:
 * it is flagged on the row.
 */
export const productPriceHandler = defineHandler({
  name: "product-price",
  types: ["product.created", "product.updated", "product.deleted", "price.created", "price.updated"],
  plan: (scope, event) => {
    const object = event.data.object;
    if (ownedByTenant(scope, object)) return null;
    return {
      projections: [project(UNMANAGED, scope, { object, deleted: event.type === "product.deleted", eventType: event.type })],
      outcome: { status: "ignored", note: "created outside the portal; listed as unmanaged" },
    };
  },
  // The portal's own archive comes back as an echo (local row already inactive): not drift.
  // The sync clears a flag whenever it pushes the portal's state again.
  decide: async (ctx, event) => {
    const object = event.data.object;
    if (!ownedByTenant(ctx, object)) return { status: "ignored", note: "created outside the portal; listed as unmanaged" };
    const local = await findMappedLocal(ctx.tx, { tenantId: ctx.tenantId, mode: ctx.mode, stripeId: object.id });
    if (!local) return { status: "ignored", note: "portal catalog object not mapped in this mode" };
    const deleted = event.type === "product.deleted";
    const drift = deleted ? "deleted" : !object.active && local.localActive ? "archived" : null;
    if (!drift) return { status: "ignored", note: "portal catalog object; in step" };
    await flagRemoteChange(ctx.tx, { tenantId: ctx.tenantId, mode: ctx.mode, stripeId: object.id, remoteState: drift });
    return { status: "processed", note: `portal catalog object ${drift} in Stripe behind the portal's back; flagged` };
  },
  fastWhen: (scope, event) => !ownedByTenant(scope, event.data.object),
});
