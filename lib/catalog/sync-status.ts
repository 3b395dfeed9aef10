import type { CatalogSyncStatus, StripeCatalogMapping } from "@/db/schema";

export type DisplayStatus = {
  status: CatalogSyncStatus;
  label: "Synced" | "Pending" | "Not mapped" | "Error";
  message: string | null;
  stripeId: string | null;
  lastSyncedAt: Date | null;
  remoteState: "archived" | "deleted" | null;
};

const LABELS = { synced: "Synced", pending: "Pending", not_mapped: "Not mapped", error: "Error" } as const;

/** A row's badge in the active mode: no mapping is Not mapped; a synced row behind the local version is Pending. */
export function displayStatus(mapping: StripeCatalogMapping | undefined, localVersion: number): DisplayStatus {
  let status: CatalogSyncStatus = mapping?.status ?? "not_mapped";
  if (status === "synced" && (mapping?.syncedVersion ?? 0) < localVersion) status = "pending";
  return {
    status,
    label: LABELS[status],
    message: status === "synced" ? null : (mapping?.errorMessage ?? (mapping ? null : "Never synced in this mode.")),
    stripeId: mapping?.stripeId ?? null,
    lastSyncedAt: mapping?.lastSyncedAt ?? null,
    remoteState: mapping?.remoteState ?? null,
  };
}
