/**
 * The restricted-key permissions MemberPulse needs, named as the Stripe Dashboard names them on
 * "Create restricted key" (Developers > API keys). Derived from what lib/stripe/* and the webhook
 * engine (lib/webhooks/fetch-latest.ts) call; every resource needs Write because the portal creates
 * or changes objects of each kind (Write includes Read in Stripe). Reading the account (GET
 * /v1/account) is what "Test connection" itself does first, so it is not listed again here.
 * Pure data: the settings page renders it, probe-permissions.ts checks a key against it.
 */
export type PermissionLevel = "read" | "write";

export type RequiredPermission = {
  id: RequiredResource;
  /** The Dashboard's name for the resource. */
  name: string;
  level: PermissionLevel;
  /** What the portal does with it, so an admin knows why it is asked for. */
  usedFor: string;
};

export type RequiredResource =
  | "customers"
  | "payment_intents"
  | "setup_intents"
  | "payment_methods"
  | "refunds"
  | "disputes"
  | "files"
  | "products"
  | "prices"
  | "subscriptions"
  | "invoices"
  | "checkout_sessions"
  | "customer_portal"
  | "tax_calculations"
  | "webhook_endpoints";

export const REQUIRED_PERMISSIONS: readonly RequiredPermission[] = [
  { id: "customers", name: "Customers", level: "write", usedFor: "a Stripe customer per member (customers.ts)" },
  { id: "payment_intents", name: "Payment Intents", level: "write", usedFor: "one-off payments and credit packages (payment-intents.ts)" },
  { id: "setup_intents", name: "Setup Intents", level: "write", usedFor: "saving a card (setup-intents.ts)" },
  { id: "payment_methods", name: "Payment Methods", level: "write", usedFor: "listing and removing saved cards (setup-intents.ts)" },
  { id: "refunds", name: "Refunds", level: "write", usedFor: "refunds by admins (refunds.ts)" },
  { id: "disputes", name: "Disputes", level: "write", usedFor: "answering disputes with evidence (disputes.ts)" },
  { id: "files", name: "Files", level: "write", usedFor: "documents sent as dispute evidence (disputes.ts)" },
  { id: "products", name: "Products", level: "write", usedFor: "catalog sync (catalog-sync.ts)" },
  { id: "prices", name: "Prices", level: "write", usedFor: "catalog sync; a price change creates a new price (catalog-sync.ts)" },
  { id: "subscriptions", name: "Subscriptions", level: "write", usedFor: "subscribe, change plan, cancel (subscriptions.ts)" },
  { id: "invoices", name: "Invoices", level: "write", usedFor: "admin invoices, invoice items and plan-change previews (invoices.ts)" },
  { id: "checkout_sessions", name: "Checkout Sessions", level: "write", usedFor: "Stripe Checkout (checkout-sessions.ts)" },
  { id: "customer_portal", name: "Customer portal", level: "write", usedFor: "the “Manage billing” link (billing-portal.ts)" },
  { id: "tax_calculations", name: "Tax Calculations and Transactions", level: "write", usedFor: "Stripe Tax on one-time payments, when tax is on (tax.ts)" },
  { id: "webhook_endpoints", name: "Webhook Endpoints", level: "write", usedFor: "“Create webhook endpoint” (webhook-endpoints.ts)" },
];

const MISSING_PREFIX = "Missing permission: ";

/** "Missing permission: Invoices (write)": the line the settings page shows per missing permission. */
export function missingPermissionLine(p: Pick<RequiredPermission, "name" | "level">): string {
  return `${MISSING_PREFIX}${p.name} (${p.level})`;
}

/**
 * The missing permissions travel in the stored health message, one line each, so the page can list
 * them after a reload without a schema change; this reads them back out.
 */
export function missingPermissionLines(healthMessage: string | null): string[] {
  return (healthMessage ?? "").split("\n").filter((line) => line.startsWith(MISSING_PREFIX));
}

/** The stored message without its "Missing permission" lines. */
export function healthSummary(healthMessage: string | null): string | null {
  if (healthMessage === null) return null;
  return healthMessage
    .split("\n")
    .filter((line) => !line.startsWith(MISSING_PREFIX))
    .join("\n");
}
