import type Stripe from "stripe";
import { findMappedLocal, flagRemoteChange, recordUnmanagedObject } from "@/db/queries/catalog-mappings";
import { defineHandler } from "../context";

/** Metadata key the catalog sets on every product and price the portal creates in Stripe. */
export const TENANT_METADATA_KEY = "memberpulse_tenant_id";

function labelOf(object: Stripe.Product | Stripe.Price): string | null {
  if (object.object === "product") return object.name;
  const amount = object.unit_amount != null ? `${object.unit_amount} ${object.currency.toUpperCase()}` : object.currency.toUpperCase();
  return object.nickname ? `${object.nickname} (${amount})` : amount;
}

/**
 * Products and prices: the portal is their source of truth (seed 001), so Stripe is never read
 * back into the catalog. Objects created elsewhere are recorded as unmanaged (so admins see the
 * drift) and the event stays `ignored`. For the portal's own objects the only news worth keeping
 * is an archive or delete done in the Dashboard behind the portal's back: it is flagged on the row.
 */
export const productPriceHandler = defineHandler({
  name: "product-price",
  types: ["product.created", "product.updated", "product.deleted", "price.created", "price.updated"],
  async handle(ctx, event) {
    const object = event.data.object;
    const deleted = event.type === "product.deleted";
    const owner = object.metadata?.[TENANT_METADATA_KEY];
    if (owner !== ctx.tenantId) {
      await recordUnmanagedObject(ctx.tx, {
        tenantId: ctx.tenantId,
        mode: ctx.mode,
        objectKind: object.object,
        stripeId: object.id,
        label: labelOf(object),
        active: deleted ? "deleted" : object.active ? "active" : "archived",
        lastEventType: event.type,
      });
      return { status: "ignored", note: "created outside the portal; listed as unmanaged" };
    }
    // The portal's own archive comes back as an echo (local row already inactive): not drift.
    // The sync clears a flag whenever it pushes the portal's state again.
    const local = await findMappedLocal(ctx.tx, { tenantId: ctx.tenantId, mode: ctx.mode, stripeId: object.id });
    if (!local) return { status: "ignored", note: "portal catalog object not mapped in this mode" };
    const drift = deleted ? "deleted" : !object.active && local.localActive ? "archived" : null;
    if (!drift) return { status: "ignored", note: "portal catalog object; in step" };
    await flagRemoteChange(ctx.tx, { tenantId: ctx.tenantId, mode: ctx.mode, stripeId: object.id, remoteState: drift });
    return { status: "processed", note: `portal catalog object ${drift} in Stripe behind the portal's back; flagged` };
  },
});
