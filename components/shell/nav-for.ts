import type { Role } from "@/lib/domain-types";
import { can } from "@/lib/auth/permissions";
import type { NavGroup } from "./nav-links";

/**
 * The portal's navigation for a role, in the order the sidebar and the phone menu both show it:
 * what a member uses, then Admin, then Settings — each group only with the pages the role may open.
 */
export function navFor(slug: string, role: Role): NavGroup[] {
  const groups: NavGroup[] = [
    {
      heading: "Member",
      items: [
        { href: `/${slug}`, label: "Home", exact: true },
        { href: `/${slug}/billing`, label: "Plans & pricing", exact: true },
        ...(can(role, "subscriptions.subscribe") ? [{ href: `/${slug}/billing/subscription`, label: "My membership" }] : []),
        ...(can(role, "invoices.pay") ? [{ href: `/${slug}/billing/invoices`, label: "My invoices" }] : []),
        { href: `/${slug}/billing/history`, label: "Payment history" },
        ...(can(role, "payments.pay") ? [{ href: `/${slug}/billing/payment-methods`, label: "Payment methods" }] : []),
        ...(can(role, "credits.view") ? [{ href: `/${slug}/billing/credits`, label: "Credits" }] : []),
        { href: `/${slug}/notifications`, label: "E-mail notices" },
      ],
    },
  ];
  if (can(role, "admin.view")) {
    groups.push({
      heading: "Admin",
      items: [
        { href: `/${slug}/admin`, label: "Overview", exact: true },
        ...(can(role, "reports.view") ? [{ href: `/${slug}/admin/reports`, label: "Reports" }] : []),
        ...(can(role, "catalog.manage") ? [{ href: `/${slug}/admin/catalog`, label: "Catalog" }] : []),
        ...(can(role, "members.manage") ? [{ href: `/${slug}/admin/members`, label: "Members" }] : []),
        ...(can(role, "payments.view_all") ? [{ href: `/${slug}/admin/payments`, label: "Payments" }] : []),
        ...(can(role, "disputes.manage") ? [{ href: `/${slug}/admin/disputes`, label: "Disputes" }] : []),
        ...(can(role, "subscriptions.view_all") ? [{ href: `/${slug}/admin/subscriptions`, label: "Subscriptions" }] : []),
        ...(can(role, "invoices.manage") ? [{ href: `/${slug}/admin/invoices`, label: "Invoices" }] : []),
        ...(can(role, "webhooks.view") ? [{ href: `/${slug}/admin/webhooks`, label: "Webhook events" }] : []),
        ...(can(role, "mail.view") ? [{ href: `/${slug}/admin/mail`, label: "Mail" }] : []),
        { href: `/${slug}/admin/audit`, label: "Audit log" },
      ],
    });
  }
  const settings = [
    ...(can(role, "platform_billing.manage") ? [{ href: `/${slug}/settings/billing`, label: "Billing for this portal" }] : []),
    ...(can(role, "settings.stripe.manage") ? [{ href: `/${slug}/settings/integrations`, label: "Integrations" }] : []),
    ...(can(role, "api_keys.manage") ? [{ href: `/${slug}/settings/api-keys`, label: "API keys" }] : []),
  ];
  if (settings.length > 0) groups.push({ heading: "Settings", items: settings });
  return groups;
}
