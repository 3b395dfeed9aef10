ALTER TABLE "invoices" ADD COLUMN "invoice_pdf" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "due_date" timestamp with time zone;