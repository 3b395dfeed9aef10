import type { Metadata } from "next";
import { PlatformShell } from "@/components/platform/platform-shell";
import { requirePlatformAdmin } from "@/lib/platform/require-operator";

export const metadata: Metadata = { title: { default: "Platform console", template: "%s · Platform console" } };

export default async function PlatformLayout({ children }: { children: React.ReactNode }) {
  const operator = await requirePlatformAdmin();
  return <PlatformShell email={operator.email}>{children}</PlatformShell>;
}
