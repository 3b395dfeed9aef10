CREATE TABLE "subscription_mrr_snapshots" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"stripe_subscription_id" text NOT NULL,
	"stripe_customer_id" text,
	"stripe_event_id" text NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"currency" text NOT NULL,
	"monthly_amount" bigint NOT NULL,
	"stripe_product_id" text,
	"stripe_price_id" text
);
--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "stripe_created" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "stripe_created" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "stripe_created" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subscription_mrr_snapshots" ADD CONSTRAINT "subscription_mrr_snapshots_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_mrr_snapshots_event_uq" ON "subscription_mrr_snapshots" USING btree ("tenant_id","stripe_event_id","stripe_subscription_id");--> statement-breakpoint
CREATE INDEX "subscription_mrr_snapshots_sub_idx" ON "subscription_mrr_snapshots" USING btree ("tenant_id","mode","stripe_subscription_id","effective_at","seq");--> statement-breakpoint
CREATE INDEX "invoices_tenant_mode_stripe_created_idx" ON "invoices" USING btree ("tenant_id","mode","stripe_created");--> statement-breakpoint
CREATE INDEX "payments_tenant_mode_stripe_created_idx" ON "payments" USING btree ("tenant_id","mode","stripe_created","status","currency","amount_received");--> statement-breakpoint
CREATE INDEX "refunds_tenant_mode_stripe_created_idx" ON "refunds" USING btree ("tenant_id","mode","stripe_created","status","currency","amount");--> statement-breakpoint
-- Rows projected before this migration: the best date we have is when the webhook arrived.
UPDATE "payments" SET "stripe_created" = "created_at" WHERE "stripe_created" IS NULL AND "status" IS NOT NULL;--> statement-breakpoint
UPDATE "refunds" SET "stripe_created" = "created_at" WHERE "stripe_created" IS NULL;--> statement-breakpoint
UPDATE "invoices" SET "stripe_created" = "created_at" WHERE "stripe_created" IS NULL AND "status" IS NOT NULL;
