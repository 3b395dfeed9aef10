import type { Metadata } from "next";
import { SuspendedNotice } from "@/components/shell/suspended-notice";
import { TenantShell } from "@/components/shell/tenant-shell";
import { requireTenant } from "@/lib/auth/session";

export async function generateMetadata({ params }: { params: Promise<{ tenant: string }> }): Promise<Metadata> {
  const { tenant } = await requireTenant((await params).tenant);
  return { title: { default: tenant.name, template: `%s · ${tenant.name}` } };
}

export default async function TenantLayout({ children, params }: { children: React.ReactNode; params: Promise<{ tenant: string }> }) {
  const { tenant, role, user } = await requireTenant((await params).tenant);
  return (
    <TenantShell tenant={tenant} role={role} email={user.email}>
      {tenant.status === "suspended" ? <SuspendedNotice role={role} reason={tenant.statusReason} /> : null}
      {children}
    </TenantShell>
  );
}
