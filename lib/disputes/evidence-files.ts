import { DomainError } from "@/lib/errors/domain-error";
import type { EvidenceFile, FileEvidenceField } from "@/lib/stripe/disputes";

/** The file inputs of the evidence form. */
export const EVIDENCE_FILE_FORM: readonly { field: FileEvidenceField; label: string; hint: string }[] = [
  { field: "receipt", label: "Receipt", hint: "The receipt or invoice the member got." },
  { field: "customer_communication", label: "Messages with the member", hint: "E-mails or chats about the purchase." },
  { field: "uncategorized_file", label: "Other document", hint: "Sign-in records, signed terms, photos." },
];

/** What the card networks take as evidence. */
export const EVIDENCE_FILE_TYPES: Record<string, string> = { "application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG" };
/** All files of one submission together (Stripe refuses much larger evidence packages; networks smaller). */
export const EVIDENCE_FILES_MAX_BYTES = 4_500_000;

/** Checks the files before anything is uploaded: right types, not empty, small enough together. */
export function checkEvidenceFiles(files: Partial<Record<FileEvidenceField, EvidenceFile>>): void {
  let total = 0;
  for (const [field, file] of Object.entries(files)) {
    if (!file) continue;
    const label = EVIDENCE_FILE_FORM.find((f) => f.field === field)?.label ?? field;
    if (!EVIDENCE_FILE_TYPES[file.type]) throw new DomainError("validation_failed", `${label}: upload a PDF, JPEG or PNG file.`, field);
    if (file.data.byteLength === 0) throw new DomainError("validation_failed", `${label}: the file is empty.`, field);
    total += file.data.byteLength;
  }
  if (total > EVIDENCE_FILES_MAX_BYTES) throw new DomainError("validation_failed", `The files add up to ${(total / 1_000_000).toFixed(1)} MB; send at most 4.5 MB in total (compress or split the PDFs).`);
}
