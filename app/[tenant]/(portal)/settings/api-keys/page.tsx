import type { Metadata } from "next";
import { RevokeApiKey } from "@/components/settings/api-key-row";
import { CreateApiKeyForm } from "@/components/settings/create-api-key-form";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { loadApiKeysView } from "@/lib/api-keys/api-keys-view";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { requireTenant } from "@/lib/auth/session";
import { viewerDateFormat } from "@/lib/viewer-date-format";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { formatDateTime } = await viewerDateFormat();
  const { tenant: slug } = await params;
  const { tenant } = await requireTenant(slug, "api_keys.manage");
  const { keys } = await loadApiKeysView(await getDb(), { tenantId: tenant.id });
  return (
    <>
      <PageHeader
        title="API keys"
        description={`Keys let your own systems call the ${tenant.name} API (Authorization: Bearer …). A key acts with the role you choose; a Member key can only do what a member can, for its creator’s own payments.`}
      />
      <div className="space-y-6">
        <Card title="Create a key">
          <CreateApiKeyForm slug={tenant.slug} />
        </Card>
        <Card title="Keys" description="Only the start of each key is kept in readable form.">
          {keys.length === 0 ? (
            <EmptyState title="No API keys yet">Create one above; it is shown in full only once.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label="API keys">
              {keys.map((k) => (
                <li key={k.id} data-testid="api-key-row" className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between">
                  <div className="min-w-0 space-y-1 text-sm">
                    <p className="flex flex-wrap items-center gap-2">
                      <span className="font-medium text-slate-900">{k.name}</span>
                      <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{k.prefix}…</code>
                      <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">{ROLE_LABELS[k.role]}</span>
                      {k.revokedAt ? <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700 ring-1 ring-red-200">Revoked</span> : null}
                    </p>
                    <p className="text-slate-500">
                      Created {formatDateTime(k.createdAt)} by <span className="break-words">{k.createdByEmail ?? "a former member"}</span>
                    </p>
                    <p className="text-slate-500">
                      {k.lastUsedAt ? `Last used ${formatDateTime(k.lastUsedAt)}` : "Never used"}
                      {k.revokedAt ? ` · revoked ${formatDateTime(k.revokedAt)}` : ""}
                    </p>
                  </div>
                  {k.revokedAt ? null : (
                    <div className="shrink-0 self-start sm:self-center">
                      <RevokeApiKey slug={tenant.slug} keyId={k.id} name={k.name} />
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
