ALTER TYPE "public"."referral_status" ADD VALUE 'flagged';--> statement-breakpoint
CREATE TABLE "card_fingerprints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"source_id" text NOT NULL,
	"fingerprint" text NOT NULL,
	"stripe_customer_id" text,
	"stripe_payment_intent_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "first_payment_fingerprint" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "first_payment_customer_id" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "flag_reason" text;--> statement-breakpoint
ALTER TABLE "card_fingerprints" ADD CONSTRAINT "card_fingerprints_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "card_fingerprints_tenant_source_uq" ON "card_fingerprints" USING btree ("tenant_id","source_id");--> statement-breakpoint
CREATE INDEX "card_fingerprints_tenant_fingerprint_idx" ON "card_fingerprints" USING btree ("tenant_id","fingerprint");--> statement-breakpoint
CREATE INDEX "card_fingerprints_tenant_customer_idx" ON "card_fingerprints" USING btree ("tenant_id","stripe_customer_id");--> statement-breakpoint
CREATE INDEX "card_fingerprints_tenant_pi_idx" ON "card_fingerprints" USING btree ("tenant_id","stripe_payment_intent_id");--> statement-breakpoint
CREATE INDEX "referrals_tenant_fingerprint_idx" ON "referrals" USING btree ("tenant_id","first_payment_fingerprint");