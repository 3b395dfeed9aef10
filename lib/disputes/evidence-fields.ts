import type { TextEvidenceField } from "@/lib/stripe/disputes";

/** The evidence form, field by field: what each of Stripe's fields asks for, in a member business's words. */
export const EVIDENCE_FORM: readonly { field: TextEvidenceField; label: string; hint: string; multiline: boolean; maxLength: number }[] = [
  { field: "product_description", label: "What was purchased", hint: "The plan, item or service, and what the member received.", multiline: true, maxLength: 20_000 },
  { field: "customer_name", label: "Member's name", hint: "As the member gave it to you.", multiline: false, maxLength: 500 },
  { field: "customer_email_address", label: "Member's e-mail", hint: "The address they signed in with.", multiline: false, maxLength: 500 },
  { field: "service_date", label: "Service date", hint: "When the membership or service was provided, e.g. 2026-11-01.", multiline: false, maxLength: 100 },
  { field: "access_activity_log", label: "Sign-in and usage activity", hint: "Dates the member signed in or used what they paid for.", multiline: true, maxLength: 20_000 },
  { field: "cancellation_policy_disclosure", label: "How the cancellation policy was shown", hint: "Where and when the member saw it.", multiline: true, maxLength: 20_000 },
  { field: "refund_policy_disclosure", label: "How the refund policy was shown", hint: "Where and when the member saw it.", multiline: true, maxLength: 20_000 },
  { field: "uncategorized_text", label: "Anything else", hint: "Other facts that show the charge was valid.", multiline: true, maxLength: 20_000 },
];
