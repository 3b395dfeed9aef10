CREATE TYPE "public"."stripe_health_status" AS ENUM('connected', 'invalid_key', 'unreachable', 'mode_mismatch');--> statement-breakpoint
CREATE TYPE "public"."stripe_mode" AS ENUM('test', 'live');--> statement-breakpoint
CREATE TABLE "stripe_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"mode" "stripe_mode" NOT NULL,
	"publishable_key" text,
	"secret_key_enc" text,
	"secret_key_hint" text,
	"webhook_secret_enc" text,
	"webhook_secret_hint" text,
	"account_id" text,
	"account_name" text,
	"charges_enabled" boolean,
	"payouts_enabled" boolean,
	"health_status" "stripe_health_status",
	"health_message" text,
	"health_checked_at" timestamp with time zone,
	"webhook_endpoint_id" text,
	"webhook_endpoint_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stripe_settings_tenant_mode" UNIQUE("tenant_id","mode")
);
--> statement-breakpoint
CREATE TABLE "tenant_stripe_mode" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"active_mode" "stripe_mode" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stripe_settings" ADD CONSTRAINT "stripe_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_stripe_mode" ADD CONSTRAINT "tenant_stripe_mode_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;