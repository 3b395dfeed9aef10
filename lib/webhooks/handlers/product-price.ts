import { defineHandler } from "../context";

/** Metadata key the catalog sets on every product and price the portal creates in Stripe. */
export const TENANT_METADATA_KEY = "memberpulse_tenant_id";

/**
 * Products and prices: the portal is their source of truth (seed 001), so objects created
 * elsewhere are only logged. The catalog feature will project the portal's own objects here; until
 * then they are recorded as ignored too, with a note saying they were recognised.
 */
export const productPriceHandler = defineHandler({
  name: "product-price",
  types: ["product.created", "product.updated", "product.deleted", "price.created", "price.updated"],
  async handle(ctx, event) {
    const owner = event.data.object.metadata?.[TENANT_METADATA_KEY];
    if (owner !== ctx.tenantId) return { status: "ignored", note: "created outside the portal" };
    return { status: "ignored", note: "portal catalog object; catalog sync not implemented yet" };
  },
});
