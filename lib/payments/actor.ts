import type { Role } from "@/db/schema";

/** Who is acting: a signed-in member/admin, or an API key acting with its role. */
export type PaymentActor = { tenantId: string; tenantSlug: string; userId: string; role: Role };
