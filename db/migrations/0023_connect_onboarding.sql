CREATE TYPE "public"."stripe_connect_state_purpose" AS ENUM('oauth', 'onboarding_return', 'onboarding_refresh');--> statement-breakpoint
CREATE TABLE "stripe_connect_onboardings" (
	"tenant_id" uuid NOT NULL,
	"mode" "stripe_mode" NOT NULL,
	"account_id" text NOT NULL,
	"started_by" text,
	"details_submitted" boolean DEFAULT false NOT NULL,
	"charges_enabled" boolean DEFAULT false NOT NULL,
	"checked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stripe_connect_onboardings_tenant_id_mode_pk" PRIMARY KEY("tenant_id","mode")
);
--> statement-breakpoint
ALTER TABLE "stripe_connect_states" ADD COLUMN "purpose" "stripe_connect_state_purpose" DEFAULT 'oauth' NOT NULL;--> statement-breakpoint
ALTER TABLE "stripe_connect_onboardings" ADD CONSTRAINT "stripe_connect_onboardings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stripe_connect_onboardings" ADD CONSTRAINT "stripe_connect_onboardings_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "stripe_connect_onboardings_account_uq" ON "stripe_connect_onboardings" USING btree ("mode","account_id");--> statement-breakpoint
CREATE INDEX "stripe_connect_states_tenant_idx" ON "stripe_connect_states" USING btree ("tenant_id","mode","purpose");