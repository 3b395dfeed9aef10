import type { Metadata } from "next";
import { getDb } from "@/db";
import { PlatformAuditTable } from "@/components/platform/platform-audit-table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { loadPlatformAuditView } from "@/lib/platform/audit-view";
import { requirePlatformAdmin } from "@/lib/platform/require-operator";

export const metadata: Metadata = { title: "Audit log" };

export default async function PlatformAuditPage() {
  await requirePlatformAdmin();
  const view = await loadPlatformAuditView(await getDb());
  return (
    <>
      <PageHeader title="Audit log" description="Every operator action in this console, recorded in the same transaction as the change: who, when, what — never the values." />
      <Card>
        <PlatformAuditTable rows={view.entries} />
      </Card>
    </>
  );
}
