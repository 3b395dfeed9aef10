ALTER TABLE "invoices" ADD COLUMN "invoice_pdf" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "due_date" timestamp with time zone;
--> statement-breakpoint
CREATE TYPE "public"."proration_policy" AS ENUM('always_invoice', 'downgrades_at_period_end', 'none');--> statement-breakpoint
CREATE TABLE "tenant_billing_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"proration_policy" "proration_policy" DEFAULT 'always_invoice' NOT NULL,
	"top_up_enabled" boolean DEFAULT false NOT NULL,
	"top_up_currency" text DEFAULT 'usd' NOT NULL,
	"top_up_min_amount" bigint DEFAULT 500 NOT NULL,
	"top_up_max_amount" bigint DEFAULT 50000 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tenant_billing_settings" ADD CONSTRAINT "tenant_billing_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TYPE "public"."credit_reason" ADD VALUE 'refund_failed';
